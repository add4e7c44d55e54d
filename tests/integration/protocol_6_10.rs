//! Protocol 6.10 (Terraform 1.13-1.15) in process: the RPCs a provider without managed
//! resources, list resources, state stores or actions has no use for answer as Terraform's
//! client expects of one (internal/plugin6/grpc_provider.go at v1.15.9): no resource
//! identities, nothing of those kinds in GetMetadata or GetProviderSchema, and Unimplemented
//! for the calls Terraform makes only for types a provider declares. Older Terraform ignores
//! the new fields, which every other test module checks with Terraform 1.11.

use terraform_provider_ivs::provider::Provider;
use terraform_provider_ivs::tfplugin6::ProviderService;
use terraform_provider_ivs::tfplugin6::proto::{self, provider_server::Provider as _};
use tonic::{Code, Request};

#[tokio::test]
async fn no_identities_and_nothing_of_the_new_kinds_declared() {
    let service = ProviderService::new(Provider::new());
    let identities = service
        .get_resource_identity_schemas(Request::new(Default::default()))
        .await
        .expect("GetResourceIdentitySchemas answers")
        .into_inner();
    assert!(identities.identity_schemas.is_empty() && identities.diagnostics.is_empty());

    let metadata = service
        .get_metadata(Request::new(Default::default()))
        .await
        .unwrap()
        .into_inner();
    assert!(metadata.list_resources.is_empty());
    assert!(metadata.state_stores.is_empty());
    assert!(metadata.actions.is_empty());
    let capabilities = metadata.server_capabilities.expect("capabilities");
    assert!(!capabilities.generate_resource_config);

    let schema = service
        .get_provider_schema(Request::new(Default::default()))
        .await
        .unwrap()
        .into_inner();
    assert!(schema.list_resource_schemas.is_empty());
    assert!(schema.state_store_schemas.is_empty());
    assert!(schema.action_schemas.is_empty());
    assert!(schema.diagnostics.is_empty());
}

/// The gRPC status code of a failed call.
fn code<T>(result: Result<T, tonic::Status>) -> Option<Code> {
    result.err().map(|status| status.code())
}

#[tokio::test]
async fn calls_for_undeclared_kinds_are_unimplemented() {
    let service = ProviderService::new(Provider::new());
    assert_eq!(
        code(
            service
                .validate_list_resource_config(Request::new(Default::default()))
                .await
        ),
        Some(Code::Unimplemented)
    );
    assert_eq!(
        code(
            service
                .list_resource(Request::new(Default::default()))
                .await
        ),
        Some(Code::Unimplemented)
    );
    assert_eq!(
        code(
            service
                .validate_action_config(Request::new(Default::default()))
                .await
        ),
        Some(Code::Unimplemented)
    );
    assert_eq!(
        code(
            service
                .upgrade_resource_identity(Request::new(
                    proto::upgrade_resource_identity::Request {
                        type_name: "ivs_anything".into(),
                        ..Default::default()
                    }
                ))
                .await
        ),
        Some(Code::Unimplemented)
    );
    assert_eq!(
        code(service.get_states(Request::new(Default::default())).await),
        Some(Code::Unimplemented)
    );
}
