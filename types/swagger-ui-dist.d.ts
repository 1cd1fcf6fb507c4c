// The parts of Swagger UI's prebuilt ES bundle the API reference page uses.
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  interface SwaggerRequest {
    method?: string;
    headers?: Record<string, string>;
    [key: string]: unknown;
  }
  interface SwaggerOptions {
    domNode: HTMLElement;
    url: string;
    deepLinking?: boolean;
    docExpansion?: 'list' | 'full' | 'none';
    requestInterceptor?: (req: SwaggerRequest) => SwaggerRequest;
  }
  const SwaggerUIBundle: (options: SwaggerOptions) => unknown;
  export default SwaggerUIBundle;
}
