// The app's address: shopify.app.toml's application_url (tests/extensions check they agree).
// Extensions are bundled without the app's environment, so it is written here. `shopify app dev`
// points the app's URLs at its tunnel (automatically_update_urls_on_dev) but does not rewrite this
// constant: to try the extension against a local backend, put the tunnel address here meanwhile.
export const APP_URL = "https://klub.example.com";
