// esbuild turns a CSS import into the bundle's stylesheet.
declare module '*.css';
