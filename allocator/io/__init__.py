"""Reading and writing scenarios, policies and proposals. Uses ``models`` only."""
