//! The tfplugin6 `Provider` gRPC service: protocol messages in, provider calls, diagnostics out.

use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::diagnostics_proto::diagnostics;
use super::panic_guard::guarded;
use super::proto::{self, provider_server};
use super::{dynamic_value, function_proto, schema_proto};
use crate::diagnostics::{Diagnostic, Diagnostics, quote};
use crate::functions::CallError;
use crate::provider::Provider;
use crate::values::{Type, Value};

pub struct ProviderService {
    provider: Arc<Provider>,
}

impl ProviderService {
    pub fn new(provider: Provider) -> Self {
        ProviderService {
            provider: Arc::new(provider),
        }
    }

    /// The schemas in protocol form. Made anew for each call, not kept: Terraform asks once per
    /// plugin process, so keeping them would only add a copy of them all to each answer (the
    /// provider keeps its own schemas, made once).
    fn schemas(&self) -> proto::get_provider_schema::Response {
        proto::get_provider_schema::Response {
            provider: Some(schema_proto::schema(self.provider.schema())),
            data_source_schemas: self
                .provider
                .data_sources()
                .map(|(name, schema)| (name.to_owned(), schema_proto::schema(schema)))
                .collect(),
            ephemeral_resource_schemas: self
                .provider
                .ephemeral_resources()
                .map(|(name, schema)| (name.to_owned(), schema_proto::schema(schema)))
                .collect(),
            functions: function_proto::functions(self.provider.functions()),
            server_capabilities: Some(server_capabilities()),
            ..Default::default()
        }
    }

    /// Decodes the arguments by the parameters' types, calls the function, encodes the result.
    fn call(
        &self,
        request: &proto::call_function::Request,
    ) -> Result<proto::DynamicValue, CallError> {
        let Some(function) = self.provider.function(&request.name) else {
            let known: Vec<_> = self.provider.functions().map(|f| f.name()).collect();
            return Err(CallError {
                argument: None,
                text: format!(
                    "the ivs provider has no function {}; it offers {}",
                    quote(&request.name),
                    known.join(", ")
                ),
            });
        };
        let signature = function.signature();
        if request.arguments.len() != signature.parameters.len() {
            return Err(CallError {
                argument: None,
                text: format!(
                    "{} takes {} argument(s), not {}",
                    function.name(),
                    signature.parameters.len(),
                    request.arguments.len()
                ),
            });
        }
        let mut arguments = Vec::with_capacity(request.arguments.len());
        for (index, (argument, parameter)) in request
            .arguments
            .iter()
            .zip(&signature.parameters)
            .enumerate()
        {
            let decoded = dynamic_value::decode(Some(argument), &parameter.ty, "function argument")
                .map_err(|d| CallError::argument(index, d.detail))?;
            arguments.push(decoded);
        }
        let result = function.call(&arguments)?;
        dynamic_value::encode(&result, &signature.returns, "function result").map_err(|d| {
            CallError {
                argument: None,
                text: d.detail,
            }
        })
    }

    fn unknown_data_source(&self, type_name: &str) -> Vec<proto::Diagnostic> {
        let known: Vec<_> = self.provider.data_source_names().collect();
        diagnostics(vec![Diagnostic::error(
            format!("This provider has no data source {}", quote(type_name)),
            format!(
                "The ivs provider offers these data sources: {}.",
                known.join(", ")
            ),
        )])
    }

    fn unknown_ephemeral_resource(&self, type_name: &str) -> Vec<proto::Diagnostic> {
        let known: Vec<_> = self
            .provider
            .ephemeral_resources()
            .map(|(name, _)| name)
            .collect();
        diagnostics(vec![Diagnostic::error(
            format!(
                "This provider has no ephemeral resource type {}",
                quote(type_name)
            ),
            format!(
                "The ivs provider offers these ephemeral resource types: {}.",
                known.join(", ")
            ),
        )])
    }

    fn no_resource_type(&self, kind: &str, type_name: &str) -> Vec<proto::Diagnostic> {
        let known: Vec<_> = self.provider.data_source_names().collect();
        diagnostics(vec![Diagnostic::error(
            format!("This provider has no {kind} {}", quote(type_name)),
            format!(
                "The ivs provider offers no {kind}s, only these data sources: {}.",
                known.join(", ")
            ),
        )])
    }
}

/// The diagnostics of `config` (of type `ty`, named `what` in errors), decoded and checked by
/// `validate`.
fn validated(
    config: Option<&proto::DynamicValue>,
    ty: &Type,
    what: &str,
    validate: impl FnOnce(&Value) -> Diagnostics,
) -> Vec<proto::Diagnostic> {
    let found = match dynamic_value::decode(config, ty, what) {
        Ok(config) => validate(&config),
        Err(diagnostic) => vec![diagnostic],
    };
    diagnostics(found)
}

/// `config` (of type `ty`) decoded, read by `read` and its result (of the same type) encoded:
/// a data source's read, an ephemeral resource's open. `names` are the configuration's and the
/// result's, for errors. The encoded result, or the diagnostics of whichever step failed.
async fn read_decoded<F, Fut>(
    config: Option<&proto::DynamicValue>,
    ty: &Type,
    (config_name, result_name): (&str, &str),
    read: F,
) -> Result<proto::DynamicValue, Vec<proto::Diagnostic>>
where
    F: FnOnce(Value) -> Fut,
    Fut: Future<Output = Result<Value, Diagnostics>>,
{
    let read = match dynamic_value::decode(config, ty, config_name) {
        Ok(config) => read(config).await,
        Err(diagnostic) => Err(vec![diagnostic]),
    };
    read.and_then(|result| dynamic_value::encode(&result, ty, result_name).map_err(|d| vec![d]))
        .map_err(diagnostics)
}

fn server_capabilities() -> proto::ServerCapabilities {
    proto::ServerCapabilities {
        plan_destroy: false,
        // Terraform starts the plugin several times per plan; with this it asks for the schema
        // at the first start only and reuses its own copy at the others (seen with Terraform 1.11).
        get_provider_schema_optional: true,
        move_resource_state: false,
        generate_resource_config: false,
    }
}

#[tonic::async_trait]
impl provider_server::Provider for ProviderService {
    async fn get_metadata(
        &self,
        _request: Request<proto::get_metadata::Request>,
    ) -> Result<Response<proto::get_metadata::Response>, Status> {
        guarded("GetMetadata", async {
            proto::get_metadata::Response {
                server_capabilities: Some(server_capabilities()),
                data_sources: self
                    .provider
                    .data_source_names()
                    .map(|name| proto::get_metadata::DataSourceMetadata {
                        type_name: name.to_owned(),
                    })
                    .collect(),
                ephemeral_resources: self
                    .provider
                    .ephemeral_resources()
                    .map(|(name, _)| proto::get_metadata::EphemeralMetadata {
                        type_name: name.to_owned(),
                    })
                    .collect(),
                functions: self
                    .provider
                    .functions()
                    .map(|f| proto::get_metadata::FunctionMetadata {
                        name: f.name().to_owned(),
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .await
    }

    async fn get_provider_schema(
        &self,
        _request: Request<proto::get_provider_schema::Request>,
    ) -> Result<Response<proto::get_provider_schema::Response>, Status> {
        guarded("GetProviderSchema", async { self.schemas() }).await
    }

    async fn validate_provider_config(
        &self,
        request: Request<proto::validate_provider_config::Request>,
    ) -> Result<Response<proto::validate_provider_config::Response>, Status> {
        let request = request.into_inner();
        guarded("ValidateProviderConfig", async {
            let ty = self.provider.schema().block.value_type();
            proto::validate_provider_config::Response {
                diagnostics: validated(
                    request.config.as_ref(),
                    &ty,
                    "provider configuration",
                    |config| self.provider.validate_config(config),
                ),
            }
        })
        .await
    }

    async fn configure_provider(
        &self,
        request: Request<proto::configure_provider::Request>,
    ) -> Result<Response<proto::configure_provider::Response>, Status> {
        let request = request.into_inner();
        guarded("ConfigureProvider", async {
            let ty = self.provider.schema().block.value_type();
            let found =
                match dynamic_value::decode(request.config.as_ref(), &ty, "provider configuration")
                {
                    Ok(config) => self.provider.configure(&config).await,
                    Err(diagnostic) => vec![diagnostic],
                };
            proto::configure_provider::Response {
                diagnostics: diagnostics(found),
            }
        })
        .await
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<proto::validate_data_resource_config::Request>,
    ) -> Result<Response<proto::validate_data_resource_config::Response>, Status> {
        let request = request.into_inner();
        guarded("ValidateDataResourceConfig", async {
            let Some(schema) = self.provider.data_source_schema(&request.type_name) else {
                return proto::validate_data_resource_config::Response {
                    diagnostics: self.unknown_data_source(&request.type_name),
                };
            };
            let ty = schema.block.value_type();
            proto::validate_data_resource_config::Response {
                diagnostics: validated(
                    request.config.as_ref(),
                    &ty,
                    "data source configuration",
                    |config| {
                        self.provider
                            .validate_data_source(&request.type_name, config)
                    },
                ),
            }
        })
        .await
    }

    async fn read_data_source(
        &self,
        request: Request<proto::read_data_source::Request>,
    ) -> Result<Response<proto::read_data_source::Response>, Status> {
        let request = request.into_inner();
        guarded("ReadDataSource", async {
            let Some(schema) = self.provider.data_source_schema(&request.type_name) else {
                return proto::read_data_source::Response {
                    diagnostics: self.unknown_data_source(&request.type_name),
                    ..Default::default()
                };
            };
            let ty = schema.block.value_type();
            let type_name = &request.type_name;
            let read = read_decoded(
                request.config.as_ref(),
                &ty,
                ("data source configuration", "data source state"),
                |config| async move { self.provider.read_data_source(type_name, &config).await },
            )
            .await;
            match read {
                Ok(state) => proto::read_data_source::Response {
                    state: Some(state),
                    ..Default::default()
                },
                Err(found) => proto::read_data_source::Response {
                    diagnostics: found,
                    ..Default::default()
                },
            }
        })
        .await
    }

    async fn stop_provider(
        &self,
        _request: Request<proto::stop_provider::Request>,
    ) -> Result<Response<proto::stop_provider::Response>, Status> {
        self.provider.stop();
        Ok(Response::new(proto::stop_provider::Response {
            error: String::new(),
        }))
    }

    /// No managed resources, so no identities. Terraform 1.12+ asks at every schema load and
    /// would accept Unimplemented too; an empty answer keeps that out of its logs.
    async fn get_resource_identity_schemas(
        &self,
        _request: Request<proto::get_resource_identity_schemas::Request>,
    ) -> Result<Response<proto::get_resource_identity_schemas::Response>, Status> {
        guarded("GetResourceIdentitySchemas", async {
            proto::get_resource_identity_schemas::Response::default()
        })
        .await
    }

    async fn get_functions(
        &self,
        _request: Request<proto::get_functions::Request>,
    ) -> Result<Response<proto::get_functions::Response>, Status> {
        guarded("GetFunctions", async {
            proto::get_functions::Response {
                functions: function_proto::functions(self.provider.functions()),
                diagnostics: Vec::new(),
            }
        })
        .await
    }

    /// Needs no ConfigureProvider: Terraform calls functions during validation, and
    /// `mock_provider` never configures.
    async fn call_function(
        &self,
        request: Request<proto::call_function::Request>,
    ) -> Result<Response<proto::call_function::Response>, Status> {
        let request = request.into_inner();
        guarded("CallFunction", async {
            match self.call(&request) {
                Ok(result) => proto::call_function::Response {
                    result: Some(result),
                    error: None,
                },
                Err(error) => proto::call_function::Response {
                    result: None,
                    error: Some(function_proto::error(error)),
                },
            }
        })
        .await
    }

    // Resource types this provider does not have: an error naming the type, not a bare
    // Unimplemented, so a misconfigured Terraform run says what is wrong.

    async fn validate_resource_config(
        &self,
        request: Request<proto::validate_resource_config::Request>,
    ) -> Result<Response<proto::validate_resource_config::Response>, Status> {
        let type_name = request.into_inner().type_name;
        guarded("ValidateResourceConfig", async {
            proto::validate_resource_config::Response {
                diagnostics: self.no_resource_type("resource type", &type_name),
            }
        })
        .await
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<proto::upgrade_resource_state::Request>,
    ) -> Result<Response<proto::upgrade_resource_state::Response>, Status> {
        let type_name = request.into_inner().type_name;
        guarded("UpgradeResourceState", async {
            proto::upgrade_resource_state::Response {
                diagnostics: self.no_resource_type("resource type", &type_name),
                ..Default::default()
            }
        })
        .await
    }

    async fn read_resource(
        &self,
        request: Request<proto::read_resource::Request>,
    ) -> Result<Response<proto::read_resource::Response>, Status> {
        let type_name = request.into_inner().type_name;
        guarded("ReadResource", async {
            proto::read_resource::Response {
                diagnostics: self.no_resource_type("resource type", &type_name),
                ..Default::default()
            }
        })
        .await
    }

    async fn plan_resource_change(
        &self,
        request: Request<proto::plan_resource_change::Request>,
    ) -> Result<Response<proto::plan_resource_change::Response>, Status> {
        let type_name = request.into_inner().type_name;
        guarded("PlanResourceChange", async {
            proto::plan_resource_change::Response {
                diagnostics: self.no_resource_type("resource type", &type_name),
                ..Default::default()
            }
        })
        .await
    }

    async fn apply_resource_change(
        &self,
        request: Request<proto::apply_resource_change::Request>,
    ) -> Result<Response<proto::apply_resource_change::Response>, Status> {
        let type_name = request.into_inner().type_name;
        guarded("ApplyResourceChange", async {
            proto::apply_resource_change::Response {
                diagnostics: self.no_resource_type("resource type", &type_name),
                ..Default::default()
            }
        })
        .await
    }

    async fn import_resource_state(
        &self,
        request: Request<proto::import_resource_state::Request>,
    ) -> Result<Response<proto::import_resource_state::Response>, Status> {
        let type_name = request.into_inner().type_name;
        guarded("ImportResourceState", async {
            proto::import_resource_state::Response {
                diagnostics: self.no_resource_type("resource type", &type_name),
                ..Default::default()
            }
        })
        .await
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<proto::validate_ephemeral_resource_config::Request>,
    ) -> Result<Response<proto::validate_ephemeral_resource_config::Response>, Status> {
        let request = request.into_inner();
        guarded("ValidateEphemeralResourceConfig", async {
            let Some(schema) = self.provider.ephemeral_resource_schema(&request.type_name) else {
                return proto::validate_ephemeral_resource_config::Response {
                    diagnostics: self.unknown_ephemeral_resource(&request.type_name),
                };
            };
            let ty = schema.block.value_type();
            proto::validate_ephemeral_resource_config::Response {
                diagnostics: validated(
                    request.config.as_ref(),
                    &ty,
                    "ephemeral resource configuration",
                    |config| {
                        self.provider
                            .validate_ephemeral_resource(&request.type_name, config)
                    },
                ),
            }
        })
        .await
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<proto::open_ephemeral_resource::Request>,
    ) -> Result<Response<proto::open_ephemeral_resource::Response>, Status> {
        let request = request.into_inner();
        guarded("OpenEphemeralResource", async {
            let Some(schema) = self.provider.ephemeral_resource_schema(&request.type_name) else {
                return proto::open_ephemeral_resource::Response {
                    diagnostics: self.unknown_ephemeral_resource(&request.type_name),
                    ..Default::default()
                };
            };
            let ty = schema.block.value_type();
            let type_name = &request.type_name;
            let opened = read_decoded(
                request.config.as_ref(),
                &ty,
                (
                    "ephemeral resource configuration",
                    "ephemeral resource result",
                ),
                |config| async move {
                    self.provider
                        .open_ephemeral_resource(type_name, &config)
                        .await
                },
            )
            .await;
            match opened {
                // No `renew_at` and no private data: nothing is held open (see
                // `ephemeral_resources`).
                Ok(result) => proto::open_ephemeral_resource::Response {
                    result: Some(result),
                    ..Default::default()
                },
                Err(found) => proto::open_ephemeral_resource::Response {
                    diagnostics: found,
                    ..Default::default()
                },
            }
        })
        .await
    }

    /// Never called, as Open sends no `renew_at`; answered with nothing to do if it is.
    async fn renew_ephemeral_resource(
        &self,
        _request: Request<proto::renew_ephemeral_resource::Request>,
    ) -> Result<Response<proto::renew_ephemeral_resource::Response>, Status> {
        guarded("RenewEphemeralResource", async {
            proto::renew_ephemeral_resource::Response::default()
        })
        .await
    }

    /// Nothing to release: an IVS read holds nothing open.
    async fn close_ephemeral_resource(
        &self,
        _request: Request<proto::close_ephemeral_resource::Request>,
    ) -> Result<Response<proto::close_ephemeral_resource::Response>, Status> {
        guarded("CloseEphemeralResource", async {
            proto::close_ephemeral_resource::Response::default()
        })
        .await
    }
}
