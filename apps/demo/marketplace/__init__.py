"""ORION's Letzshop demo (demo_marketplace): connected to the local Letzshop sandbox, its feed
imported in three languages, two thirds of it published, re-imported from the sandbox's newer
edition so some products show as new, changed or gone, and its Letzshop order history synced."""
