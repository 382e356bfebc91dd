import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * `import { Table, Tag } from 'antd'` becomes one import per component module. Through antd's barrel,
 * every component a lazy page uses was bundled into the entry chunk (1.5 MB: the login page loaded
 * the statistics' and the admin pages' components); per-module imports let each page carry its own.
 * Icons likewise: through the `@ant-design/icons` barrel, the icons of every lazy page were bundled with
 * the entry.
 */
function antdPerComponent(): Plugin {
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
  return {
    name: 'callog-antd-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/client\/src\/.*\.tsx?$/.test(id)) return null;
      if (!code.includes("from 'antd'") && !code.includes("from '@ant-design/icons'")) return null;
      return code.replace(
        /import \{([^}]*)\} from '(antd|@ant-design\/icons)';/g,
        (_all, list: string, pkg: string) => {
          const values: string[] = [];
          const types: string[] = [];
          for (const raw of list
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)) {
            if (raw.startsWith('type ')) types.push(raw.slice(5));
            else values.push(raw);
          }
          const lines = values.map((v) => {
            const [name, alias] = v.split(/\s+as\s+/);
            return pkg === 'antd'
              ? `import ${alias ?? name} from 'antd/es/${kebab(name!)}/index.js';`
              : `import ${alias ?? name} from '@ant-design/icons/es/icons/${name!}';`;
          });
          if (types.length) lines.push(`import type { ${types.join(', ')} } from '${pkg}';`);
          return lines.join('\n');
        },
      );
    },
  };
}

// The client is built into dist/client and served by the callog server itself.
export default defineConfig({
  root: 'client',
  plugins: [antdPerComponent(), react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    // Read by `npm run bench:client` (what each page loads first).
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
