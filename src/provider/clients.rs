//! IVS clients, one per region, made from the provider's AWS configuration on first use and
//! reused: a read by ARN goes to the ARN's region whatever the provider's `region`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_config::SdkConfig;
use aws_sdk_ivs::config::Region;

use super::environment::env_nonempty;
use crate::data_sources::{AwsContext, IvsClient};

pub struct RegionalClients {
    /// What the provider's configuration resolved to: credentials, HTTP client, retries...
    sdk_config: SdkConfig,
    /// The provider's region.
    region: String,
    /// `endpoints.ivs` of the provider block, for every region.
    ivs_endpoint: Option<String>,
    clients: Mutex<HashMap<String, Arc<IvsClient>>>,
}

impl RegionalClients {
    pub fn new(sdk_config: SdkConfig, region: String, ivs_endpoint: Option<String>) -> Self {
        RegionalClients {
            sdk_config,
            region,
            ivs_endpoint,
            clients: Mutex::new(HashMap::new()),
        }
    }

    fn make(&self, region: &str) -> IvsClient {
        // One retry partition for every region: one adaptive rate limiter for the process.
        let mut config = aws_sdk_ivs::config::Builder::from(&self.sdk_config)
            .region(Region::new(region.to_owned()))
            .retry_partition(super::retry::partition());
        if let Some(endpoint) = &self.ivs_endpoint {
            config = config.endpoint_url(endpoint);
        }
        let endpoint = self
            .ivs_endpoint
            .clone()
            .or_else(|| env_nonempty("AWS_ENDPOINT_URL_IVS"))
            .or_else(|| env_nonempty("AWS_ENDPOINT_URL"))
            .unwrap_or_else(|| format!("https://ivs.{region}.amazonaws.com"));
        tracing::debug!(region, ivs_endpoint = endpoint, "configured the IVS client");
        IvsClient {
            client: aws_sdk_ivs::Client::from_conf(config.build()),
            region: region.to_owned(),
            endpoint,
        }
    }
}

impl AwsContext for RegionalClients {
    fn region(&self) -> &str {
        &self.region
    }

    fn ivs(&self, region: &str) -> Arc<IvsClient> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients
            .entry(region.to_owned())
            .or_insert_with(|| Arc::new(self.make(region)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_config::retry::RetryConfig;

    /// Every regional client is in the process's one retry partition, so they share its adaptive
    /// rate limiter and retry quota (the SDK's default partition is one per region).
    #[test]
    fn every_region_shares_the_one_retry_partition() {
        let sdk_config = SdkConfig::builder()
            .retry_config(RetryConfig::adaptive())
            .behavior_version(aws_config::BehaviorVersion::latest())
            .build();
        let clients = RegionalClients::new(
            sdk_config,
            "us-west-2".to_owned(),
            Some("http://127.0.0.1:1".to_owned()),
        );
        let west = clients.ivs("us-west-2");
        let europe = clients.ivs("eu-central-1");
        let shared = super::super::retry::partition();
        assert_eq!(west.client.config().retry_partition(), Some(&shared));
        assert_eq!(europe.client.config().retry_partition(), Some(&shared));
        assert_eq!(shared.to_string(), "terraform-provider-ivs");
    }
}
