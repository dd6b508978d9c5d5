// Stylesheets imported with "?inline" are their text (vite), so the
// console's question preview can carry the panellist app's own styles.
declare module "*.css?inline" {
  const css: string;
  export default css;
}
