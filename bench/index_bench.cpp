// Spatial index kernels (pending).
