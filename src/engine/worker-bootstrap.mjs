// Worker-thread entry: worker threads do not inherit the parent's TypeScript loader, so register
// tsx here (as bin/vsmc.js does) and then load the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./worker-node.ts');
