// Inventory in the Shopify sandbox's GraphQL schema: the inventorySetQuantities mutation and the
// reads a writer verifies with (nodes(ids:) / inventoryItem(id:) → inventoryLevel(locationId:) →
// quantities(names:)).
import type { SandboxRoutes } from '../../sandbox/server';
import type { ShopifyStore } from './store';

export const routes: SandboxRoutes<ShopifyStore> = (_app, ctx) => {
  const store = ctx.store;
  const itemNode = (id: string) => {
    const item = store.items.get(id);
    if (!item) return null;
    return {
      __typename: 'InventoryItem',
      id,
      sku: item.sku,
      tracked: item.tracked,
      inventoryLevel: ({ locationId }: Record<string, unknown>) => {
        const level = store.level(id, String(locationId));
        if (!level) return null;
        return {
          __typename: 'InventoryLevel',
          id: `gid://shopify/InventoryLevel/${encodeURIComponent(`${id}|${level.locationId}`)}`,
          location: { __typename: 'Location', id: level.locationId },
          quantities: ({ names }: Record<string, unknown>) =>
            (Array.isArray(names) ? names : []).map((name) => ({
              name,
              quantity: name === 'available' ? level.available : name === 'on_hand' ? level.onHand : 0,
            })),
        };
      },
    };
  };

  store.graphql.mutation.set('inventorySetQuantities', (args, resolverCtx) =>
    store.setQuantities(resolverCtx.version, (args.input ?? {}) as Record<string, unknown>, resolverCtx.idempotencyKey),
  );
  store.graphql.query.set('nodes', (args) => (Array.isArray(args.ids) ? args.ids.map((id) => itemNode(String(id))) : []));
  store.graphql.query.set('inventoryItem', (args) => itemNode(String(args.id)));
};
