// Imported first by UI tests that look at colours: chalk decides its colour level when it loads.
process.env.FORCE_COLOR = '1';
