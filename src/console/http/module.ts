/** The agent console as an HttpModule: pages under /agent, JSON under /api/agent. */
import { BlockList } from 'node:net';
import type { HttpModule } from '../../server/app.js';
import { type ClientAddress, clientAddressOf } from '../../server/client-address.js';
import type { ConsoleDeps } from '../deps.js';
import { consoleApi } from './api.js';
import { consoleContext, securityHeaders } from './context.js';
import { consoleUi } from './ui.js';

export function consoleModule(
  deps: ConsoleDeps,
  options: { allowedOrigins?: string[]; clientAddress?: ClientAddress } = {},
): HttpModule {
  const allowed = options.allowedOrigins ?? [];
  const clientAddress = options.clientAddress ?? clientAddressOf(new BlockList());
  return {
    name: 'agent-console',
    mount(app) {
      // '/agent/*' also matches '/agent' itself.
      for (const path of ['/agent/*', '/api/agent/*']) {
        app.use(path, securityHeaders);
        app.use(path, consoleContext(deps));
      }
      app.route('/agent', consoleUi(deps, allowed, clientAddress));
      app.route('/api/agent', consoleApi(deps, allowed));
    },
  };
}
