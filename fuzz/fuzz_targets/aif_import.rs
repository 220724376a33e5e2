#![no_main]
reasonmap_fuzz::fuzz_target!(aif_import);
