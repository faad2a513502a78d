"""Qt-free core: models and rules, tested without a display."""
