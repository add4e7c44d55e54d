//! Just enough of the ELF format to tell whether a binary needs a dynamic loader or shared
//! libraries: the program headers (`PT_INTERP`) and the dynamic section (`DT_NEEDED`).
//! Written by hand (about forty lines) rather than pulling in an object-file crate for two
//! facts; only 64-bit little-endian ELF, the one format released, is read.

use std::fmt;

use anyhow::{Result, bail, ensure};

const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;

/// How a binary is linked.
#[derive(Debug, PartialEq, Eq)]
pub struct Linking {
    /// Has a `PT_INTERP` program header: the kernel runs a dynamic loader first.
    pub interpreter: bool,
    /// How many shared libraries it names (`DT_NEEDED`).
    pub needed_libraries: usize,
}

impl Linking {
    pub fn is_static(&self) -> bool {
        !self.interpreter && self.needed_libraries == 0
    }
}

impl fmt::Display for Linking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "dynamic loader: {}, shared libraries needed: {}",
            if self.interpreter { "yes" } else { "no" },
            self.needed_libraries
        )
    }
}

/// Reads the linking facts of a 64-bit little-endian ELF file.
pub fn linking(bytes: &[u8]) -> Result<Linking> {
    ensure!(bytes.starts_with(b"\x7fELF"), "not an ELF file");
    ensure!(
        bytes.get(4) == Some(&2) && bytes.get(5) == Some(&1),
        "not a 64-bit little-endian ELF file"
    );
    let program_headers = u64_at(bytes, 0x20)? as usize;
    let entry_size = u16_at(bytes, 0x36)? as usize;
    let count = u16_at(bytes, 0x38)? as usize;
    let mut found = Linking {
        interpreter: false,
        needed_libraries: 0,
    };
    for index in 0..count {
        let header = program_headers + index * entry_size;
        match u32_at(bytes, header)? {
            PT_INTERP => found.interpreter = true,
            PT_DYNAMIC => {
                let offset = u64_at(bytes, header + 8)? as usize;
                let size = u64_at(bytes, header + 32)? as usize;
                for entry in (offset..offset + size).step_by(16) {
                    match u64_at(bytes, entry)? {
                        DT_NULL => break,
                        DT_NEEDED => found.needed_libraries += 1,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

fn field<const N: usize>(bytes: &[u8], at: usize) -> Result<[u8; N]> {
    match bytes.get(at..at + N) {
        Some(slice) => Ok(slice.try_into().expect("slice of length N")),
        None => bail!("truncated ELF file (offset {at})"),
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16> {
    field(bytes, at).map(u16::from_le_bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32> {
    field(bytes, at).map(u32::from_le_bytes)
}

fn u64_at(bytes: &[u8], at: usize) -> Result<u64> {
    field(bytes, at).map(u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_binary_is_dynamic() {
        // Debian's coreutils are dynamically linked against libc.
        let bytes = std::fs::read("/bin/ls").expect("/bin/ls");
        let linking = linking(&bytes).unwrap();
        assert!(linking.interpreter, "{linking}");
        assert!(linking.needed_libraries >= 1, "{linking}");
        assert!(!linking.is_static());
    }

    #[test]
    fn rejects_what_is_not_elf() {
        assert!(linking(b"#!/bin/sh\n").is_err());
        assert!(linking(b"\x7fELF\x02\x01").is_err(), "truncated");
    }
}
