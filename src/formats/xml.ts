/**
 * Safe XML reading for SBML: DOCTYPE / ENTITY declarations are refused outright (entity-expansion
 * bombs, external entities), nesting deeper than limits().maxXmlDepth is refused by a linear scan
 * before anything recursive runs, and fast-xml-parser runs with entity processing off (the five
 * predefined entities and character references are decoded here, nothing else).
 * Namespace prefixes are dropped (`qual:id` → `id`): SBML files use them inconsistently.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { VsmcError, positionOf } from '../util/errors.js';
import { limits } from '../util/limits.js';

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Direct text content, entity-decoded, concatenated. */
  text: string;
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    try {
      return String.fromCodePoint(code);
    } catch {
      return '';
    }
  });
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function locError(text: string, offset: number, detail: string, file?: string, code: 'format' | 'limit' = 'format'): VsmcError {
  const { line, col, lineText } = positionOf(text, offset);
  return new VsmcError(code, detail, { file, line, col, lineText });
}

/** Refuse DOCTYPE/ENTITY and over-deep nesting, by a linear scan (no recursion). */
export function checkXmlSafety(text: string, file?: string): void {
  const bad = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (bad) {
    throw locError(text, bad.index, `XML with a <!${bad[1]!.toUpperCase()} declaration is refused (entity expansion and external entities are not allowed in model files); remove the declaration`, file);
  }
  const max = limits().maxXmlDepth;
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (text[lt + 1] === '?' || text[lt + 1] === '!') {
      const end = text.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
      continue;
    }
    // Find the end of the tag, skipping quoted attribute values.
    let j = lt + 1;
    let quote = '';
    while (j < n) {
      const c = text[j]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      j++;
    }
    if (text[lt + 1] === '/') depth--;
    else if (text[j - 1] !== '/') {
      depth++;
      if (depth > max) throw locError(text, lt, `XML nested deeper than ${max} levels is refused`, file, 'limit');
    }
    i = j + 1;
  }
}

type Ordered = Record<string, unknown>;

/** Parse XML text into a small tree. Throws VsmcError('format') with the line and column. */
export function parseXml(text: string, file?: string): XNode {
  checkXmlSafety(text, file);
  const v = XMLValidator.validate(text);
  if (v !== true) {
    const err = v.err;
    const lineText = text.split('\n')[err.line - 1]?.replace(/\r$/, '');
    throw new VsmcError('format', `malformed XML: ${err.msg}`, { file, line: err.line, col: err.col, lineText });
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // checkXmlSafety above already bounds the depth (with a location); fast-xml-parser's own
    // default (100) is lower and throws a plain Error.
    maxNestedTags: limits().maxXmlDepth + 2,
  });
  let doc: Ordered[];
  try {
    doc = parser.parse(text) as Ordered[];
  } catch (e) {
    throw new VsmcError('format', `malformed XML: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  const convert = (item: Ordered): XNode | undefined => {
    const name = Object.keys(item).find((k) => k !== ':@');
    if (name === undefined || name === '#text' || name.startsWith('?') || name === '#comment') return undefined;
    const attrsRaw = (item[':@'] ?? {}) as Record<string, string>;
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, val] of Object.entries(attrsRaw)) attrs[k] = decodeEntities(String(val));
    const node: XNode = { name, attrs, children: [], text: '' };
    for (const c of (item[name] ?? []) as Ordered[]) {
      if ('#text' in c) node.text += decodeEntities(String(c['#text']));
      else {
        const child = convert(c);
        if (child) node.children.push(child);
      }
    }
    return node;
  };
  for (const item of doc) {
    const r = convert(item);
    if (r) return r;
  }
  throw new VsmcError('format', 'no XML root element found', { file });
}

export function child(n: XNode | undefined, name: string): XNode | undefined {
  return n?.children.find((c) => c.name === name);
}
export function children(n: XNode | undefined, name: string): XNode[] {
  return n ? n.children.filter((c) => c.name === name) : [];
}
/** All text below a node (XHTML notes), with block elements as line breaks. */
export function allText(n: XNode): string {
  const parts: string[] = [];
  const walk = (x: XNode) => {
    // Text and children order is not kept by XNode; notes are mostly one <p> per block.
    if (x.text.trim()) parts.push(x.text);
    for (const c of x.children) walk(c);
  };
  walk(n);
  return parts
    .map((p) => p.replace(/\r/g, '').replace(/[ \t]+\n/g, '\n').trim())
    .filter((p) => p !== '')
    .join('\n\n');
}
