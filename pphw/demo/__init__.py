"""The demo data set and the large scale data set, with the commands that write them."""
