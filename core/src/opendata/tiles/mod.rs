//! Offline vector map tiles from MBTiles and PMTiles v3 archives.
//!
//! INTERFACE STUB — filled in by the tiles work.
