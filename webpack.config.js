// Builds the Excel add-in (addin/) into dist/addin/, which `crossdock serve` hosts at /addin/.
//   npm run build:addin                                   → manifest for https://localhost:3000
//   CROSSDOCK_ADDIN_ORIGIN=https://crossdock.example.com npm run build:addin
//   npx webpack --mode production --env origin=https://…  → dist/manifest.xml for that origin
//   npx webpack --mode production --env fakeHost          → also dist/e2e/fake-office.js (tests)
// TypeScript is transpiled only (ts-loader transpileOnly); `npm run typecheck` type-checks addin/.
const fs = require('node:fs');
const path = require('node:path');
const { URL } = require('node:url');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const DEFAULT_ORIGIN = 'https://localhost:3000';

/** The origin the manifest points at: https, no path, no trailing slash. */
function addinOrigin(env) {
  const raw = (env.origin || process.env.CROSSDOCK_ADDIN_ORIGIN || DEFAULT_ORIGIN).trim();
  const url = new URL(raw);
  if (url.protocol !== 'https:') throw new Error(`CROSSDOCK_ADDIN_ORIGIN must be https (Office requires it): ${raw}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`CROSSDOCK_ADDIN_ORIGIN must be an origin without a path: ${raw}`);
  return url.origin;
}

/**
 * Writes dist/manifest.xml from manifest.xml with every https://localhost:3000 URL moved to
 * `origin`, and puts the same file in the bundle (served at /addin/manifest.xml) so the pane,
 * opened outside Excel, can offer it for sideloading.
 */
class ManifestPlugin {
  constructor(origin) {
    this.origin = origin;
  }
  manifest() {
    return fs.readFileSync(path.join(__dirname, 'manifest.xml'), 'utf8').split(DEFAULT_ORIGIN).join(this.origin);
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('CrossdockManifest', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CrossdockManifest', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.fileDependencies.add(path.join(__dirname, 'manifest.xml'));
        compilation.emitAsset('manifest.xml', new RawSource(this.manifest()));
      });
    });
    compiler.hooks.afterEmit.tap('CrossdockManifest', () => {
      fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, 'dist', 'manifest.xml'), this.manifest());
    });
  }
}

/**
 * Copies static files into the bundle. (copy-webpack-plugin is not used: in this install its
 * schema-utils resolves ajv-keywords against eslint's ajv 6 and fails to load.)
 */
class CopyFilesPlugin {
  constructor(files) {
    this.files = files; // [{ from: absolute path, to: asset name }]
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('CrossdockCopy', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CrossdockCopy', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const { from, to } of this.files) {
          compilation.fileDependencies.add(from);
          compilation.emitAsset(to, new RawSource(fs.readFileSync(from)));
        }
      });
    });
  }
}

function staticFiles() {
  const assets = path.join(__dirname, 'addin', 'assets');
  return [
    ...fs.readdirSync(assets).filter((f) => f.endsWith('.png')).map((f) => ({ from: path.join(assets, f), to: `assets/${f}` })),
    { from: path.join(__dirname, 'addin', 'taskpane', 'taskpane.css'), to: 'taskpane.css' },
    { from: path.join(__dirname, 'addin', 'support.html'), to: 'support.html' },
  ];
}

const tsRule = { test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, onlyCompileBundledFiles: true } } };

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const origin = addinOrigin(env);
  const addin = {
    name: 'addin',
    mode,
    // Source maps for the script only (not for the copied stylesheet).
    devtool: false,
    entry: { taskpane: './addin/taskpane/index.ts' },
    output: { path: path.join(__dirname, 'dist', 'addin'), filename: '[name].[contenthash:8].js', clean: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule] },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './addin/taskpane/taskpane.html', chunks: ['taskpane'], scriptLoading: 'defer' }),
      new CopyFilesPlugin(staticFiles()),
      new ManifestPlugin(origin),
      // Hidden maps: written beside the script for debugging, but the script does not point at
      // them (append: false) and the server never serves *.map, so the source is not published.
      new (require('webpack').SourceMapDevToolPlugin)({ filename: '[file].map', test: /\.js$/, append: false }),
    ],
  };
  if (!env.fakeHost) return addin;
  const fakeHost = {
    name: 'fake-office',
    mode,
    devtool: false,
    entry: { 'fake-office': './test/support/fakeExcel/officeHost.ts' },
    output: { path: path.join(__dirname, 'dist', 'e2e'), filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule] },
    performance: { hints: false },
  };
  return [addin, fakeHost];
};

module.exports.addinOrigin = addinOrigin;
