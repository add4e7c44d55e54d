//! Finders generic over kinds: every page of a List, and many resources read in full, one by
//! one or in the API's batches. Per kind only the SDK calls ([`super::kind::Kind`]); the paging,
//! the bounded concurrency and the wording of failures are here, once.

use std::future::Future;

use futures_util::{StreamExt, TryStreamExt, stream};

use super::IvsClient;
use super::aws_call::{Call, Failure, Subject};
use super::kind::{Batch, Kind, Parent};
use crate::diagnostics::Diagnostic;

/// Reads in flight at once. IVS's control-plane APIs are rate-limited per account and region (a
/// few requests a second for each action); a handful in flight keeps hundreds of reads to
/// seconds at real latencies, while the SDK's retries with backoff absorb the throttling a
/// burst may still meet, instead of a flood of hundreds at once setting it off.
pub const CONCURRENT_READS: usize = 5;

/// What a Get of `arn` was, for messages: of the resource itself, or, for a kind keyed by
/// another resource's ARN, of that one's (the stream of a channel).
pub fn getting<K: Kind>(arn: &str) -> Call<'_> {
    Call {
        action: K::NAMES.get_action,
        what: K::NAMES.what,
        subject: match &K::KEYED_BY {
            None => Subject::Arn(arn),
            Some(key) => Subject::Of {
                parent: key.what,
                arn,
            },
        },
    }
}

/// What a Get of the resource of the parent `parent_arn` with ID `id` (none: the latest) was,
/// for messages, for kinds [`super::kind::Within`] a parent.
pub fn getting_within<'a, K: Kind>(parent_arn: &'a str, id: Option<&'a str>) -> Call<'a> {
    Call {
        action: K::NAMES.get_action,
        what: K::NAMES.what,
        subject: Subject::Within {
            parent: K::PARENT.as_ref().map_or("parent", |parent| parent.what),
            arn: parent_arn,
            id,
        },
    }
}

/// What a List of `region` was, for messages.
pub fn listing<K: Kind>(region: &str) -> Call<'_> {
    Call {
        action: K::NAMES.list_action,
        what: K::NAMES.what_plural,
        subject: Subject::Region(region),
    }
}

/// What a List of the resources of the parent `parent_arn` was, for messages.
pub fn listing_within<'a, K: Kind>(parent: &Parent, parent_arn: &'a str) -> Call<'a> {
    Call {
        action: K::NAMES.list_action,
        what: K::NAMES.what_plural,
        subject: Subject::HeldBy {
            parent: parent.what,
            arn: parent_arn,
        },
    }
}

/// Every item of the List `request`, page after page.
pub async fn list_all<K: Kind>(request: K::ListRequest) -> Result<Vec<K::Summary>, Failure> {
    let mut found = Vec::new();
    let mut next_token = None;
    loop {
        let page = K::list_page(request.clone(), next_token.take()).await?;
        found.extend(page.items);
        match page.next_token {
            Some(token) if !token.is_empty() => next_token = Some(token),
            _ => return Ok(found),
        }
    }
}

/// Every one of `arns` read with its own Get, [`CONCURRENT_READS`] at a time; one deleted since
/// it was listed is left out.
pub async fn read_one_by_one<K: Kind>(
    ivs: &IvsClient,
    arns: Vec<String>,
) -> Result<Vec<K::Full>, Diagnostic> {
    read_each::<K>(ivs, None, arns).await
}

/// Every one of `ids` of the parent `parent_arn` read with its own Get ([`Kind::get_within`]),
/// [`CONCURRENT_READS`] at a time, for kinds [`super::kind::Within`] a parent; one gone since it
/// was listed is left out.
pub async fn read_within<K: Kind>(
    ivs: &IvsClient,
    parent_arn: &str,
    ids: Vec<String>,
) -> Result<Vec<K::Full>, Diagnostic> {
    read_each::<K>(ivs, Some(parent_arn), ids).await
}

/// Every one of `keys` read with its own Get: of the ARN, or, with a `parent_arn`, of the ID
/// within that parent; [`CONCURRENT_READS`] at a time, one gone since it was listed left out.
async fn read_each<K: Kind>(
    ivs: &IvsClient,
    parent_arn: Option<&str>,
    keys: Vec<String>,
) -> Result<Vec<K::Full>, Diagnostic> {
    let gets = keys.into_iter().map(|key| async move {
        let (got, call) = match parent_arn {
            None => (K::get(ivs, &key).await, getting::<K>(&key)),
            Some(parent_arn) => (
                K::get_within(ivs, parent_arn, Some(&key)).await,
                getting_within::<K>(parent_arn, Some(&key)),
            ),
        };
        match got {
            Ok(found) => Ok(Some(found)),
            // Deleted since it was listed: it is no longer there to read.
            Err(failure) if failure.is_not_found() => Ok(None),
            Err(failure) => Err(failure.diagnostic(ivs, &call)),
        }
    });
    let found: Vec<Option<K::Full>> = stream::iter(gets)
        .buffered(CONCURRENT_READS)
        .try_collect()
        .await?;
    Ok(found.into_iter().flatten().collect())
}

/// The errors a batch read (`BatchGetChannel`, `BatchGetStreamKey`) answered, as [`Batch`]
/// holds them: `(arn, code, message)`.
pub fn batch_errors(errors: Vec<aws_sdk_ivs::types::BatchError>) -> Vec<(String, String, String)> {
    let text = |t: Option<String>| t.unwrap_or_default();
    errors
        .into_iter()
        .map(|e| (text(e.arn), text(e.code), text(e.message)))
        .collect()
}

/// Every one of `arns` read with the batch read `batch` (on `ivs`, its IAM action `action`), at most
/// `limit` ARNs a call and [`CONCURRENT_READS`] calls at a time. An ARN the batch reports as not
/// found was deleted since it was listed and is left out; any other error it reports fails the
/// read, worded for that ARN.
pub async fn read_in_batches<K, F, Fut>(
    ivs: &IvsClient,
    arns: Vec<String>,
    limit: usize,
    action: &'static str,
    batch: F,
) -> Result<Vec<K::Full>, Diagnostic>
where
    K: Kind,
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<Batch<K::Full>, Failure>>,
{
    // Owned chunks: a stream over borrowed ones would not be Send for every lifetime.
    let chunks: Vec<Vec<String>> = arns.chunks(limit.max(1)).map(<[String]>::to_vec).collect();
    let calls = chunks.into_iter().map(|chunk| {
        let count = chunk.len();
        let answer = batch(chunk);
        async move {
            let whole = Call {
                action,
                what: K::NAMES.what_plural,
                subject: Subject::Several(count),
            };
            let answer = answer.await.map_err(|f| f.diagnostic(ivs, &whole))?;
            for (arn, code, message) in &answer.errors {
                let failure = Failure::in_batch(code, message);
                if !failure.is_not_found() {
                    let one = Call {
                        action,
                        what: K::NAMES.what,
                        subject: Subject::Arn(arn),
                    };
                    return Err(failure.diagnostic(ivs, &one));
                }
            }
            Ok(answer.found)
        }
    });
    let batches: Vec<Vec<K::Full>> = stream::iter(calls)
        .buffered(CONCURRENT_READS)
        .try_collect()
        .await?;
    Ok(batches.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_sources::kinds::recording_configuration::RecordingConfiguration as Rc;
    use aws_sdk_ivs::types::{RecordingConfiguration, RecordingConfigurationState};
    use std::sync::Mutex;

    fn client() -> IvsClient {
        let config = aws_sdk_ivs::Config::builder()
            .behavior_version(aws_sdk_ivs::config::BehaviorVersion::latest())
            .region(aws_sdk_ivs::config::Region::new("us-west-2"))
            .build();
        IvsClient {
            client: aws_sdk_ivs::Client::from_conf(config),
            region: "us-west-2".to_owned(),
            endpoint: "http://127.0.0.1:4599".to_owned(),
        }
    }

    fn configuration(arn: &str) -> RecordingConfiguration {
        RecordingConfiguration::builder()
            .arn(arn)
            .state(RecordingConfigurationState::Active)
            .build()
            .expect("arn and state are set")
    }

    /// Reads `arns` in batches of `limit` from a batch read that reports `refused` with `code`
    /// and finds the rest; returns what was read and the sizes of the calls.
    fn read(
        arns: usize,
        limit: usize,
        refused: &str,
        code: &str,
    ) -> (Result<Vec<String>, Diagnostic>, Vec<usize>) {
        let ivs = client();
        let calls = Mutex::new(Vec::new());
        let arns: Vec<String> = (0..arns).map(|i| format!("arn:{i:03}")).collect();
        let read = read_in_batches::<Rc, _, _>(&ivs, arns, limit, "ivs:BatchGetX", |chunk| {
            calls.lock().unwrap().push(chunk.len());
            let (errors, others): (Vec<_>, Vec<_>) = chunk.into_iter().partition(|a| a == refused);
            let errors = errors
                .into_iter()
                .map(|arn| (arn, code.to_owned(), "no".to_owned()))
                .collect();
            let found = others.iter().map(|arn| configuration(arn)).collect();
            async move { Ok(Batch { found, errors }) }
        });
        let read = futures_util::FutureExt::now_or_never(read).expect("no call waits");
        let arns = read.map(|all| all.iter().map(|rc| rc.arn().to_owned()).collect());
        (arns, calls.into_inner().unwrap())
    }

    #[test]
    fn batches_hold_at_most_the_limit_and_not_found_is_left_out() {
        let (read_arns, calls) = read(120, 50, "arn:007", "ResourceNotFoundException");
        assert_eq!(calls, [50, 50, 20]);
        let read_arns = read_arns.expect("the read succeeds");
        assert_eq!(read_arns.len(), 119);
        assert!(!read_arns.contains(&"arn:007".to_owned()));
    }

    #[test]
    fn another_error_of_one_item_fails_the_read_naming_it() {
        let (read_arns, _) = read(3, 50, "arn:001", "AccessDeniedException");
        let error = read_arns.expect_err("the read fails");
        assert_eq!(
            error.summary,
            "Access denied reading the recording configuration"
        );
        assert!(
            error.detail.contains("ivs:BatchGetX on arn:001"),
            "{}",
            error.detail
        );
    }
}
