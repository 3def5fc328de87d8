// Starts Swagger UI on the app's own OpenAPI document (a file, not inline: CSP allows no inline script).
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: container.dataset.specUrl, dom_id: "#swagger-ui" });
});
