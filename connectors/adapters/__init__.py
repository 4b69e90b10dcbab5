"""PMS adapters, one module per vendor (registered in connectors.factory.ADAPTERS)."""
