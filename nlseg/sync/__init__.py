"""Getting CRM data into the store: field mapping, importers, sync and the demo CRM."""
