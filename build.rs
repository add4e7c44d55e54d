//! Generates the gRPC code for the plugin protocol at build time.
//! `protox` compiles the .proto files in pure Rust, so no system `protoc` is needed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = [
        "proto/tfplugin6.proto",
        "proto/grpc_controller.proto",
        "proto/grpc_stdio.proto",
        "proto/grpc_broker.proto",
    ];
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(files, ["proto"])?;
    tonic_prost_build::configure()
        // Clients are generated for the tests (they drive the plugin like Terraform does);
        // without the `transport` helpers they add nothing to the release binary.
        .build_client(true)
        .build_transport(false)
        // RPCs we do not implement answer gRPC `Unimplemented`.
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;
    Ok(())
}
