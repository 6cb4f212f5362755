// Made-up customers (example.com e-mails, 555 phone numbers, plausible but fictional addresses),
// drawn once into a pool per country so that writing millions of orders stays cheap.
import { Rng } from './random';

export interface Customer {
  first: string;
  last: string;
  name: string;
  email: string;
  username: string;
  phone: string;
  street: string;
  city: string;
  state: string;
  stateName: string;
  zip: string;
  country: string;
}

const FIRST: Record<string, string[]> = {
  US: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Daniel', 'Ashley', 'Kevin', 'Emily', 'Jose', 'Maria', 'Tyler', 'Brianna', 'Wei', 'Priya', 'DeShawn', 'Megan'],
  DE: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Sophie', 'Maximilian', 'Marie', 'Jürgen', 'Sabine', 'Björn', 'Jana', 'Özlem', 'Tobias', 'Katrin'],
  GB: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Jack', 'Emily', 'Siobhan', 'Rhys', 'Aisha', 'Callum'],
  FR: ['Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Gabriel', 'Inès', 'Théo'],
  NL: ['Daan', 'Emma', 'Sem', 'Julia', 'Lotte', 'Bram'],
  AT: ['Florian', 'Lena', 'Stefan', 'Johanna'],
  MX: ['José', 'María', 'Juan', 'Guadalupe', 'Luis', 'Fernanda', 'Carlos', 'Ximena', 'Miguel', 'Valeria', 'Alejandro', 'Sofía'],
  SG: ['Wei Ling', 'Jun Jie', 'Hui Min', 'Kumar', 'Siti', 'Ethan', 'Priya', 'Ming Hao', 'Nurul', 'Rachel'],
};
const LAST: Record<string, string[]> = {
  US: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Nguyen', 'Kim', "O'Brien", 'Walker', 'Patel', 'Baker'],
  DE: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schäfer', 'Koch', 'Yılmaz', 'Groß'],
  GB: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', "O'Neill", 'Hughes', 'Patel'],
  FR: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard'],
  NL: ['de Jong', 'Jansen', 'de Vries', 'van Dijk', 'Bakker'],
  AT: ['Gruber', 'Huber', 'Bauer', 'Wagner'],
  MX: ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Flores'],
  SG: ['Tan', 'Lim', 'Lee', 'Ng', 'Ong', 'Wong', 'Goh', 'Raj', 'Abdullah', 'Chua'],
};
const STREET_NAMES: Record<string, string[]> = {
  US: ['Maple Ave', 'Oak St', 'Pine Rd', 'Cedar Ln', 'Elm St', 'Washington Blvd', 'Lakeview Dr', 'Sunset Blvd', 'Park Pl', 'Hillcrest Rd'],
  DE: ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerstraße', 'Lindenallee', 'Goethestraße', 'Am Markt'],
  GB: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Mill Road'],
  FR: ['Rue de la Paix', 'Avenue Victor Hugo', 'Rue des Lilas', 'Boulevard Voltaire'],
  NL: ['Kerkstraat', 'Dorpsstraat', 'Molenweg', 'Prinsengracht'],
  AT: ['Mariahilfer Straße', 'Hauptplatz', 'Kärntner Straße'],
  MX: ['Avenida Reforma', 'Calle Hidalgo', 'Avenida Juárez', 'Calle Morelos', 'Avenida Insurgentes', 'Calle Zaragoza'],
  SG: ['Orchard Road', 'Tampines Street 21', 'Ang Mo Kio Avenue 3', 'Jurong West Street 52', 'Bedok North Road', 'Clementi Avenue 2'],
};
// [city, state code, state name, zip prefix]
const CITIES: Record<string, Array<[string, string, string, string]>> = {
  US: [
    ['New York', 'NY', 'New York', '100'], ['Los Angeles', 'CA', 'California', '900'], ['Chicago', 'IL', 'Illinois', '606'],
    ['Houston', 'TX', 'Texas', '770'], ['Phoenix', 'AZ', 'Arizona', '850'], ['Seattle', 'WA', 'Washington', '981'],
    ['Denver', 'CO', 'Colorado', '802'], ['Atlanta', 'GA', 'Georgia', '303'], ['Miami', 'FL', 'Florida', '331'],
    ['Boston', 'MA', 'Massachusetts', '021'], ['Portland', 'OR', 'Oregon', '972'], ['Austin', 'TX', 'Texas', '787'],
    ['Columbus', 'OH', 'Ohio', '432'], ['Charlotte', 'NC', 'North Carolina', '282'], ['Minneapolis', 'MN', 'Minnesota', '554'],
  ],
  DE: [['Berlin', 'BE', 'Berlin', '10'], ['München', 'BY', 'Bayern', '80'], ['Hamburg', 'HH', 'Hamburg', '20'], ['Köln', 'NW', 'Nordrhein-Westfalen', '50'], ['Frankfurt am Main', 'HE', 'Hessen', '60'], ['Stuttgart', 'BW', 'Baden-Württemberg', '70'], ['Leipzig', 'SN', 'Sachsen', '04'], ['Düsseldorf', 'NW', 'Nordrhein-Westfalen', '40']],
  GB: [['London', 'ENG', 'England', 'SW1A'], ['Manchester', 'ENG', 'England', 'M1'], ['Birmingham', 'ENG', 'England', 'B1'], ['Glasgow', 'SCT', 'Scotland', 'G1'], ['Cardiff', 'WLS', 'Wales', 'CF10'], ['Leeds', 'ENG', 'England', 'LS1']],
  FR: [['Paris', '', '', '750'], ['Lyon', '', '', '690'], ['Marseille', '', '', '130']],
  NL: [['Amsterdam', '', '', '10'], ['Utrecht', '', '', '35'], ['Rotterdam', '', '', '30']],
  AT: [['Wien', '', '', '10'], ['Graz', '', '', '80']],
  MX: [['Ciudad de México', 'CMX', 'Ciudad de México', '06'], ['Guadalajara', 'JAL', 'Jalisco', '44'], ['Monterrey', 'NLE', 'Nuevo León', '64'], ['Puebla', 'PUE', 'Puebla', '72'], ['Querétaro', 'QUE', 'Querétaro', '76'], ['Mérida', 'YUC', 'Yucatán', '97']],
  SG: [['Singapore', '', '', '23'], ['Singapore', '', '', '52'], ['Singapore', '', '', '56'], ['Singapore', '', '', '64']],
};

function zip(rng: Rng, country: string, prefix: string): string {
  switch (country) {
    case 'US':
      return rng.chance(0.2) ? `${prefix}${rng.digits(2)}-${rng.digits(4)}` : `${prefix}${rng.digits(2)}`;
    case 'DE':
      return prefix + rng.digits(3);
    case 'GB':
      return `${prefix} ${rng.int(1, 9)}${rng.chars('ABDEFGHJLNPQRSTUWXYZ', 2)}`;
    case 'NL':
      return `${prefix}${rng.digits(2)} ${rng.chars('ABCDEFGHJKLMNPRSTVWXZ', 2)}`;
    case 'AT':
      return prefix + rng.digits(2);
    case 'MX':
      return prefix + rng.digits(3);
    case 'SG':
      return prefix + rng.digits(4);
    default:
      return prefix + rng.digits(2);
  }
}

const PHONE_PREFIX: Record<string, string> = { US: '+1', DE: '+49', GB: '+44', FR: '+33', NL: '+31', AT: '+43', MX: '+52', SG: '+65' };

export function makeCustomer(rng: Rng, country: string, serial: number): Customer {
  const first = rng.pick(FIRST[country]);
  const last = rng.pick(LAST[country]);
  const [city, state, stateName, zipPrefix] = rng.pick(CITIES[country]);
  const number = String(rng.int(1, 2400));
  const streetName = rng.pick(STREET_NAMES[country]);
  const street = country === 'US' || country === 'GB' ? `${number} ${streetName}` : `${streetName} ${rng.int(1, 180)}`;
  const ascii = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return {
    first,
    last,
    name: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last)}${serial}@example.com`,
    username: `${ascii(first).slice(0, 5)}_${ascii(last).slice(0, 6)}${serial % 997}`,
    phone: `${PHONE_PREFIX[country]}555${rng.digits(7)}`,
    street,
    city,
    state,
    stateName,
    zip: zip(rng, country, zipPrefix),
    country,
  };
}

const HOME_COUNTRIES = ['US', 'DE', 'GB', 'FR', 'NL', 'AT'];

/** A fixed pool of customers per country; orders draw from it. */
export class CustomerPool {
  private readonly pools = new Map<string, Customer[]>();
  /** `countries`: default the home markets (US and Europe); the new markets get a pool of their own. */
  constructor(rng: Rng, perCountry = 1500, countries: readonly string[] = HOME_COUNTRIES, serialFrom = 1) {
    let serial = serialFrom;
    for (const country of countries) {
      const list: Customer[] = [];
      for (let i = 0; i < perCountry; i++) list.push(makeCustomer(rng, country, serial++));
      this.pools.set(country, list);
    }
  }
  pick(rng: Rng, country: string): Customer {
    return rng.pick(this.pools.get(country)!);
  }
}
