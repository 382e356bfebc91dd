// `npm start`: build the client if needed, then run the server.
import { ensureClientBuilt } from './client-build';

ensureClientBuilt();
// Loaded only after the build so that the server starts with the fresh client.
void import('../server/main');
