// placeholder for dependency prebuild
