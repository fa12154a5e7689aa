import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * "No hard-coded Chinese": visible copy lives in lib/i18n/dict, where it is written once in
 * Simplified Chinese and derived to Traditional (docs/accessibility.md). A Chinese character in a
 * string or JSX text under app/ or components/ is copy the Traditional and English pages cannot
 * translate. Comments are free to use Chinese. The guard reads the syntax tree, not the raw text,
 * so a comment never trips it and a string is never missed.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
// Han characters and CJK punctuation (、。「」) and full-width forms (，：).
const HAN = /[\p{Script=Han}\u3001-\u303f\uff01-\uff60]/u;

/**
 * Files allowed to hold Chinese, each with its reason. Only content that is not UI copy: what a
 * simulated phone sends, as a real one would, in the language it was written in.
 */
const ALLOWED: Record<string, string> = {
  'app/dev/wechat/phone-data.ts': 'the addresses a simulated phone sends with a location message (content, not UI)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Every string literal, template piece and JSX text holding a Han character, with its line. */
export function hardCodedChinese(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteralLike(node) || ts.isJsxText(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) &&
      HAN.test(node.text)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push(`${file}:${line} ${JSON.stringify(node.text.trim().slice(0, 40))}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the no-hard-coded-Chinese guard', () => {
  it('finds Chinese in strings, templates and JSX text, never in comments', () => {
    const sample = [
      '// 注释可以写中文',
      '/* 这里也可以 */',
      "const a = '报名';",
      'const b = `你好 ${name} 再见`;',
      'const c = <p title="标题">{/* 说明 */}欢迎</p>;',
      "const d = 'plain English';",
      "const e = i > 0 ? '、' : '';",
    ].join('\n');
    expect(hardCodedChinese('x.tsx', sample)).toEqual(['x.tsx:3 "报名"', 'x.tsx:4 "你好"', 'x.tsx:4 "再见"', 'x.tsx:5 "标题"', 'x.tsx:5 "欢迎"', 'x.tsx:7 "、"']);
  });

  // Fails until every area is clean; the current offenders are listed in the failure message.
  it('finds no Chinese copy in app/ or components/ outside lib/i18n', () => {
    const offenders = [...sourceFiles('app'), ...sourceFiles('components')]
      .filter((file) => !(file in ALLOWED))
      .flatMap((file) => hardCodedChinese(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
    // Parses every page and component with the TypeScript compiler: seconds on a busy machine.
  }, 60_000);
});
