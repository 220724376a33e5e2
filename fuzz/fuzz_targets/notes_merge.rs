#![no_main]
reasonmap_fuzz::fuzz_target!(notes_merge);
