"""Token login and logout, and the guards that tell who is calling."""
