export * from "./app";
export * from "./crm";
export * from "./facts";
export * from "./org";
export * from "./portals";
export * from "./reference";
export * from "./sync";
export * from "./themes";
