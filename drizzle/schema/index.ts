export * from "./constants";
export * from "./organisations";
export * from "./members";
export * from "./learning";
export * from "./workshops";
export * from "./email";
export * from "./directory";
export * from "./console";
