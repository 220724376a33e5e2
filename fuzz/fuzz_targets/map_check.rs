#![no_main]
reasonmap_fuzz::fuzz_target!(map_check);
