"""The build machinery: producers shared among workers, staged writing, and the pipeline that runs every stage. Imports every package but the front ends."""
