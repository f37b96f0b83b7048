"""journeymapper: map customer journeys, their emotion curve and the chain behind them."""

__version__ = "0.1.0"
