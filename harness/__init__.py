"""What tests and benchmarks share: the app's server started and awaited
(``server``), headless Chromium and the page's Play switch (``browser``), and a
websocket client that plays the live page as a browser tab does (``client``).
Neither tests/ nor bench/ imports the other; both import this."""
