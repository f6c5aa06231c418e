// These plugins ship no type declarations; they are used only as ESLint plugin objects.
declare module "eslint-plugin-security" {
  const plugin: unknown;
  export default plugin;
}
declare module "eslint-plugin-no-unsanitized" {
  const plugin: unknown;
  export default plugin;
}
