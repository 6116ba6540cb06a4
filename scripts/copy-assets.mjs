// Copies non-TypeScript assets (bundled YAML, SQL, data) from src/ to dist/
// so the built package finds them beside its modules.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ASSET = /\.(ya?ml|json|sql|txt|csv|html|css|js)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSET.test(name) && !name.endsWith('.d.ts')) {
      const target = join('dist', relative('src', path));
      cpSync(path, target);
    }
  }
}
if (existsSync('src')) walk('src');
