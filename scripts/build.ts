// `npm run build`: the web client (Vite) and the server (esbuild), each only when older than its sources.
import { ensureClientBuilt } from './client-build';
import { ensureServerBuilt } from './server-build';

ensureClientBuilt();
ensureServerBuilt();
