// js-yaml's parser, imported by name here so the bundle keeps the parser alone: a dynamic
// `import('js-yaml')` keeps the whole package (its dumper and AST tools too) in the chunk that
// every live command loads (scripts/bundle-cli.ts).
export { load as loadYaml } from 'js-yaml';
