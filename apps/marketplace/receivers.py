"""What the marketplace does when lower apps announce news (signals): one section per area."""
