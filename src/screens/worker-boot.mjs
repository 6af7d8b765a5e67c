// Worker-thread entry of the batch pool. Workers do not inherit the main thread's tsx loader, so
// each registers it before importing the TypeScript worker module (as bin/vsmc.js does).
import { register } from 'tsx/esm/api';

register();
await import('./worker-node.ts');
