import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The boundaries of docs/architecture.md, checked on the source text: only the Electron shell may load
 * electron (everything else must run on plain Node, where it is tested), the renderer
 * takes nothing but types from the contract (contract/, preload/api.ts), and the core takes the
 * contract from contract/, never from preload/. ESLint says the same while editing;
 * this also catches `require()` and dynamic `import()`, which import rules do not see.
 */

const root = resolve(import.meta.dirname, '../..');
const SCANNED_DIRS = ['main', 'renderer', 'preload', 'contract', 'scripts', 'tests'];
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist']);

/** Files allowed to load electron, as repository paths with forward slashes. */
function mayImportElectron(path: string): boolean {
  return path.startsWith('main/shell/') || path === 'main/index.ts' || path === 'preload/index.ts';
}

interface ModuleReference {
  specifier: string;
  kind: 'import' | 'export' | 'dynamic import' | 'require' | 'import = require';
  typeOnly: boolean;
  line: number;
}

/** Every module a source file refers to: static, re-export, dynamic `import()`, `require()`. */
function moduleReferences(fileName: string, text: string): ModuleReference[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: ModuleReference[] = [];
  const add = (
    node: ts.Node,
    specifier: ts.Node | undefined,
    kind: ModuleReference['kind'],
    typeOnly = false,
  ) => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      found.push({ specifier: specifier.text, kind, typeOnly, line });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, 'import', node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, 'export', node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (ts.isExternalModuleReference(node.moduleReference)) {
        add(node, node.moduleReference.expression, 'import = require', node.isTypeOnly);
      }
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        add(node, node.arguments[0], 'dynamic import');
      } else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
        add(node, node.arguments[0], 'require');
      }
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import('electron')` in a type position
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, 'dynamic import', true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const isElectron = (specifier: string) =>
  specifier === 'electron' || specifier.startsWith('electron/');

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (SOURCE.test(entry.name)) {
        files.push(relative(root, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  for (const dir of SCANNED_DIRS) walk(join(root, dir));
  return files.sort();
}

const files = sourceFiles();
const references = new Map(
  files.map((path) => [path, moduleReferences(path, readFileSync(join(root, path), 'utf8'))]),
);

describe('only the Electron shell loads electron', () => {
  it('finds the source tree, shell included', () => {
    expect(files).toContain('main/index.ts');
    expect(files).toContain('preload/index.ts');
    expect(files.some((f) => f.startsWith('main/core/'))).toBe(true);
  });

  it('sees the shell importing electron (so the scan below is not vacuous)', () => {
    const importers = files.filter((f) => references.get(f)!.some((r) => isElectron(r.specifier)));
    expect(importers).toContain('main/index.ts');
    expect(importers).toContain('preload/index.ts');
    expect(importers.some((f) => f.startsWith('main/shell/'))).toBe(true);
  });

  it('no other file imports, re-exports, requires or dynamically imports electron', () => {
    const violations = files
      .filter((path) => !mayImportElectron(path))
      .flatMap((path) =>
        references
          .get(path)!
          .filter((r) => isElectron(r.specifier))
          .map((r) => `${path}:${r.line} ${r.kind} '${r.specifier}'`),
      );
    expect(violations).toEqual([]);
  });
});

/** The repository path a relative specifier points at, or '' for a package. */
const target = (from: string, specifier: string) =>
  specifier.startsWith('.')
    ? relative(root, resolve(root, dirname(from), specifier))
        .split(sep)
        .join('/')
    : '';

describe('the contract is only a contract', () => {
  const isContract = (path: string) => path === 'preload/api.ts' || path.startsWith('contract/');

  it('the renderer uses `import type` for every reference to contract/ and preload/api.ts', () => {
    const renderer = files.filter((path) => path.startsWith('renderer/'));
    const contractImports = renderer.flatMap((path) =>
      references.get(path)!.filter((r) => isContract(target(path, r.specifier))),
    );
    // Not vacuous: the renderer does speak the contract.
    expect(contractImports.length).toBeGreaterThan(10);
    const violations = renderer.flatMap((path) =>
      references
        .get(path)!
        .filter((r) => isContract(target(path, r.specifier)) && !r.typeOnly)
        .map((r) => `${path}:${r.line} ${r.kind} '${r.specifier}' is not type-only`),
    );
    expect(violations).toEqual([]);
  });

  it('main takes the contract from contract/, never from preload/', () => {
    const main = files.filter((path) => path.startsWith('main/'));
    expect(
      main.some((path) =>
        references.get(path)!.some((r) => target(path, r.specifier).startsWith('contract/')),
      ),
    ).toBe(true);
    const violations = main.flatMap((path) =>
      references
        .get(path)!
        .filter((r) => target(path, r.specifier).startsWith('preload/'))
        .map((r) => `${path}:${r.line} ${r.kind} '${r.specifier}'`),
    );
    expect(violations).toEqual([]);
  });

  it('contract/ depends on nothing but contract/', () => {
    const shared = files.filter((path) => path.startsWith('contract/'));
    expect(shared).toEqual(expect.arrayContaining(['contract/domain.ts', 'contract/channels.ts']));
    const violations = shared.flatMap((path) =>
      references
        .get(path)!
        .filter((r) => !target(path, r.specifier).startsWith('contract/'))
        .map((r) => `${path}:${r.line} ${r.kind} '${r.specifier}'`),
    );
    expect(violations).toEqual([]);
  });
});

describe('tests/ and scripts/ stay out of the product', () => {
  const referencesInto = (sources: string[], into: string) =>
    sources.flatMap((path) =>
      references
        .get(path)!
        .filter((r) => target(path, r.specifier).startsWith(into))
        .map((r) => `${path}:${r.line} ${r.kind} '${r.specifier}'`),
    );

  it('sees the tests referring to tests/ and scripts/ (so the scans below are not vacuous)', () => {
    const tests = files.filter((f) => f.startsWith('tests/'));
    expect(referencesInto(tests, 'tests/').length).toBeGreaterThan(0);
    expect(referencesInto(tests, 'scripts/').length).toBeGreaterThan(0);
  });

  it('nothing outside tests/ refers to tests/', () => {
    expect(
      referencesInto(
        files.filter((f) => !f.startsWith('tests/')),
        'tests/',
      ),
    ).toEqual([]);
  });

  it('main, preload, contract and the renderer do not refer to scripts/', () => {
    const product = files.filter((f) => /^(main|preload|contract|renderer)\//.test(f));
    expect(referencesInto(product, 'scripts/')).toEqual([]);
  });
});

describe('moduleReferences', () => {
  const specifiers = (text: string) =>
    moduleReferences('x.ts', text).map(
      (r) => `${r.kind}${r.typeOnly ? ' (type)' : ''} ${r.specifier}`,
    );

  it('finds every way to load a module', () => {
    expect(
      specifiers(
        [
          "import { app } from 'electron';",
          "import 'electron/main';",
          "export * from 'electron';",
          "const e = await import('electron');",
          "const r = require('electron');",
          "import x = require('electron');",
          'const t = `${require("electron/common")}`;',
          "function f() { return cond ? require('electron') : null; }",
        ].join('\n'),
      ),
    ).toEqual([
      'import electron',
      'import electron/main',
      'export electron',
      'dynamic import electron',
      'require electron',
      'import = require electron',
      'require electron/common',
      'require electron',
    ]);
  });

  it('ignores comments and strings, and marks type-only imports', () => {
    expect(
      specifiers(
        [
          "// import { app } from 'electron';",
          "/* require('electron') */",
          'const s = "import(\'electron\')";',
          "import type { AccountSummary } from '../../preload/api.ts';",
          "import { type AccountSummary as A } from '../../preload/api.ts';",
          "type App = typeof import('electron');",
        ].join('\n'),
      ),
    ).toEqual([
      'import (type) ../../preload/api.ts',
      // Inline `type` on every name still leaves a runtime import under verbatimModuleSyntax.
      'import ../../preload/api.ts',
      'dynamic import (type) electron',
    ]);
  });
});
