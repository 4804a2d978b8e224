// Swagger UI for /api/docs, served from luoshi's own static files (no inline script, so the
// Content-Security-Policy needs no exception). Requests carry the page's CSRF token.
const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
const token = document.body.dataset.csrfToken;
settings.dom_id = "#swagger-ui";
settings.presets = [SwaggerUIBundle.presets.apis];
if (token) {
  settings.requestInterceptor = (request) => {
    request.headers["X-CSRFToken"] = token;
    return request;
  };
}
SwaggerUIBundle(settings);
