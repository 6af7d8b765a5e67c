/**
 * Native JSON reading and writing. Other formats live in src/formats/ and produce a Network that
 * goes through the same validation.
 */
import { parseJsonText } from '../util/json.js';
import { VsmcError } from '../util/errors.js';
import { fileTooLarge, limits } from '../util/limits.js';
import type { Model } from './model.js';
import type { Network } from './schema.js';
import { checkNetworkData, validateNetwork, type ValidateOptions } from './validate.js';

export function checkSize(text: string, file?: string): void {
  const max = limits().maxFileBytes;
  if (text.length > max) {
    throw new VsmcError('limit', fileTooLarge(text.length), { file });
  }
}

export function parseNativeNetwork(text: string, file?: string): Network {
  checkSize(text, file);
  const data = parseJsonText(text, file);
  return checkNetworkData(data, file);
}

export function loadNativeModel(text: string, opts: ValidateOptions = {}): Model {
  return validateNetwork(parseNativeNetwork(text, opts.file), opts);
}

export function writeNativeNetwork(net: Network): string {
  return JSON.stringify({ format: 'vsmc-network', version: 1, ...net }, null, 2) + '\n';
}
