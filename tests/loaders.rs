//! Loads every real AWS Config file under `../shared/real-world/aws-config/` and checks
//! its format, item count, relationships and decoding; then every malformed-input class.
//! The real files are read in place (never copied: some have no license).

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

mod common;

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use common::{real_snapshots, real_world};

use cfgaudit::Inventory;
use cfgaudit::load::{self, Content, LoadError};
use cfgaudit::model::Verb;

fn label(c: &Content) -> String {
    match c {
        Content::Items { format } => format.to_string(),
        Content::Message { .. } => "message".to_owned(),
        Content::CloudTrail { .. } => "cloudtrail".to_owned(),
        Content::Unrecognized => "unrecognized".to_owned(),
    }
}

/// (file, content, items): derived independently from each file's structure.
const EXPECTED: &[(&str, &str, usize)] = &[
    (
        "api-c7n-aws_lambda_config_source-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-codebuild_config-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-ecr_cross_account_filter_config-select-1.json",
        "select-resource-config",
        8,
    ),
    (
        "api-c7n-ecs_service_config-listdiscovered-1.json",
        "message",
        0,
    ),
    (
        "api-c7n-ecs_task_def_config-listdiscovered-1.json",
        "message",
        0,
    ),
    ("api-c7n-eks_config-listdiscovered-1.json", "message", 0),
    (
        "api-c7n-iam_user_access_key_multi_chain-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-iam_user_credential_multi_delete_noop-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-iam_user_delete_ssh_keys-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-iam_user_ssh_key_filter-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-kms_config_source-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-kms_key_related-select-1.json",
        "select-resource-config",
        3,
    ),
    (
        "api-c7n-network_firewall_config-listdiscovered-1.json",
        "message",
        0,
    ),
    (
        "api-c7n-ops_item_filter-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-post_ops_item-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-post_ops_item_update-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rds-cluster-configurationItems.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-c7n-rds_snapshot_clear_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rds_snapshot_remove_matched_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rds_snapshot_set_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rdscluster_kms_alias-select-1.json",
        "select-resource-config",
        2,
    ),
    (
        "api-c7n-rdscluster_snapshot_clear_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rdscluster_snapshot_config-listdiscovered-1.json",
        "message",
        0,
    ),
    (
        "api-c7n-rdscluster_snapshot_remove_matched_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rdscluster_snapshot_set_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-rest_stage_certificate_filter_config_source-select-1.json",
        "select-resource-config",
        3,
    ),
    (
        "api-c7n-s3_metrics_user_dims-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-security_group_config_source-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-security_group_ecs_unused-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-security_group_perm_cidr_kv-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-security_group_set_permissions-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-set_policy_arn_construction-select-1.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-set_policy_arn_construction-select-2.json",
        "select-resource-config",
        1,
    ),
    (
        "api-c7n-sns_config-select-1.json",
        "select-resource-config",
        2,
    ),
    ("api-ci-c7n-app-elb.json", "single-item", 1),
    ("api-ci-c7n-kinesis-stream.json", "single-item", 1),
    ("api-ci-c7n-pipeline.json", "single-item", 1),
    (
        "api-ci-c7n-s3-lifecycle-and-predicate.json",
        "single-item",
        1,
    ),
    (
        "api-ci-c7n-s3-lifecycle-null-predicate.json",
        "single-item",
        1,
    ),
    ("api-ci-c7n-s3-lifecycle.json", "single-item", 1),
    ("api-ci-c7n-s3-rep-and-notify.json", "single-item", 1),
    ("api-ci-c7n-s3-website-redirect.json", "single-item", 1),
    ("api-ci-c7n-s3-website.json", "single-item", 1),
    ("api-ci-c7n-s3.json", "single-item", 1),
    (
        "api-grch-c7n-ebs_health_events_filter-1.json",
        "get-resource-config-history",
        2,
    ),
    (
        "api-grch-c7n-ecs_service_config-1.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-ecs_service_config-2.json",
        "get-resource-config-history",
        0,
    ),
    (
        "api-grch-c7n-ecs_task_def_config-1.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-ecs_task_def_config-2.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-eks_config-1.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-network_firewall_config-1.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-rdscluster_snapshot_config-1.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-rdscluster_snapshot_config-2.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-sg_config_diff-1.json",
        "get-resource-config-history",
        2,
    ),
    (
        "api-grch-c7n-sg_config_ingres_diff-1.json",
        "get-resource-config-history",
        1,
    ),
    (
        "api-grch-c7n-sg_config_patch_pitr-1.json",
        "get-resource-config-history",
        2,
    ),
    ("doc-awsdocs-event-change-triggered.json", "rule-event", 1),
    (
        "doc-awsdocs-event-oversized.json",
        "oversized-notification",
        1,
    ),
    ("doc-awsdocs-event-periodic.json", "message", 0),
    (
        "doc-awsdocs-legacy-history-example-ebs.json",
        "config-history",
        3,
    ),
    (
        "doc-awsdocs-legacy-snapshot-example.json",
        "config-history",
        2,
    ),
    (
        "doc-awsdocs-sns-history-delivery-completed.json",
        "message",
        0,
    ),
    (
        "doc-awsdocs-sns-instance-sg-replaced.json",
        "sns-notification",
        1,
    ),
    ("doc-awsdocs-sns-sg-created.json", "sns-notification", 1),
    (
        "doc-awsdocs-sns-snapshot-delivery-completed.json",
        "message",
        0,
    ),
    (
        "doc-awsdocs-sns-snapshot-delivery-started.json",
        "message",
        0,
    ),
    (
        "doc-awsdocs-sns-volume-attached.json",
        "sns-notification",
        1,
    ),
    ("event-c7n-app-elb-config-event.json", "rule-event", 1),
    ("event-c7n-config-rule-instance.json", "rule-event", 1),
    ("event-c7n-config-rule-security-group.json", "rule-event", 1),
    ("event-c7n-poll-evaluation-scheduled.json", "message", 0),
    ("event-c7n-rds-from-rule.json", "rule-event", 1),
    (
        "event-c7n-s3-from-rule-sans-accelerator.json",
        "rule-event",
        1,
    ),
    ("event-c7n-s3-from-rule.json", "rule-event", 1),
    (
        "event-lambdarust-snapshot-delivery-completed.json",
        "message",
        0,
    ),
    (
        "event-powertools-configuration-changed-ec2.json",
        "rule-event",
        1,
    ),
    (
        "event-powertools-oversized.json",
        "oversized-notification",
        1,
    ),
    ("event-powertools-scheduled.json", "message", 0),
    (
        "eventbridge-c7n-sqs-config-item-change.json",
        "eventbridge-event",
        1,
    ),
    (
        "notif-atl-awsconfigpayload-doc-copy.json",
        "change-notification",
        1,
    ),
    (
        "notif-atlfilterd-snapshot-delivery-started.json",
        "message",
        0,
    ),
    ("rdk-ci-AWS_ACM_Certificate.json", "single-item", 1),
    ("rdk-ci-AWS_ApiGatewayV2_Api.json", "single-item", 1),
    ("rdk-ci-AWS_ApiGatewayV2_Stage.json", "single-item", 1),
    ("rdk-ci-AWS_ApiGateway_RestApi.json", "single-item", 1),
    ("rdk-ci-AWS_ApiGateway_Stage.json", "single-item", 1),
    (
        "rdk-ci-AWS_AutoScaling_AutoScalingGroup.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_AutoScaling_LaunchConfiguration.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_AutoScaling_ScalingPolicy.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_AutoScaling_ScheduledAction.json",
        "single-item",
        1,
    ),
    ("rdk-ci-AWS_CLOUDFRONT_DISTRIBUTION.json", "single-item", 1),
    (
        "rdk-ci-AWS_CLOUDFRONT_STREAMINGDISTRIBUTION.json",
        "single-item",
        1,
    ),
    ("rdk-ci-AWS_CloudFormation_Stack.json", "single-item", 1),
    ("rdk-ci-AWS_CloudWatch_Alarm.json", "single-item", 1),
    ("rdk-ci-AWS_Cloudtrail_Trail.json", "single-item", 1),
    ("rdk-ci-AWS_CodeBuild_Project.json", "single-item", 1),
    ("rdk-ci-AWS_CodePipeline_Pipeline.json", "single-item", 1),
    ("rdk-ci-AWS_DynamoDB_Table.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_CapacityReservation.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_CustomerGateway.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_EIP.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_FlowLog.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_Host.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_Instance.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_InternetGateway.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_LaunchTemplate.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_NatGateway.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_NetworkAcl.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_RouteTable.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_SecurityGroup.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_Subnet.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_VPC.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_VPCPeeringConnection.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_VPNConnection.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_VPNGateway.json", "single-item", 1),
    ("rdk-ci-AWS_EC2_Volume.json", "single-item", 1),
    ("rdk-ci-AWS_ECR_PublicRepository.json", "single-item", 1),
    ("rdk-ci-AWS_ECR_Repository.json", "single-item", 1),
    ("rdk-ci-AWS_ECS_TaskDefinition.json", "single-item", 1),
    ("rdk-ci-AWS_EKS_Cluster.json", "single-item", 1),
    (
        "rdk-ci-AWS_ELASTICLOADBALANCING_LOADBALANCER.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_ElasticBeanstalk_Application.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_ElasticBeanstalk_ApplicationVersion.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_ElasticBeanstalk_Environment.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_ElasticLoadBalancingV2_Listener.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_ElasticLoadBalancingV2_LoadBalancer.json",
        "single-item",
        1,
    ),
    ("rdk-ci-AWS_ElasticSearch_Domain.json", "single-item", 1),
    ("rdk-ci-AWS_Glue_Classifier.json", "single-item", 1),
    ("rdk-ci-AWS_Glue_Job.json", "single-item", 1),
    ("rdk-ci-AWS_Glue_MLTransform.json", "single-item", 1),
    ("rdk-ci-AWS_IAM_Group.json", "single-item", 1),
    ("rdk-ci-AWS_IAM_Policy.json", "single-item", 1),
    ("rdk-ci-AWS_IAM_Role.json", "single-item", 1),
    ("rdk-ci-AWS_IAM_User.json", "single-item", 1),
    ("rdk-ci-AWS_KMS_Key.json", "single-item", 1),
    ("rdk-ci-AWS_LAMBDA_FUNCTION.json", "item-list", 1),
    (
        "rdk-ci-AWS_NetworkFirewall_RuleGroup.json",
        "single-item",
        1,
    ),
    ("rdk-ci-AWS_OpenSearch_Domain.json", "single-item", 1),
    ("rdk-ci-AWS_R53_HostedZone.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_DBCluster.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_DBClusterSnapshot.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_DBInstance.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_DBSecurityGroup.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_DBSnapshot.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_DBSubnetGroup.json", "single-item", 1),
    ("rdk-ci-AWS_RDS_EventSubscription.json", "single-item", 1),
    ("rdk-ci-AWS_Redshift_Cluster.json", "single-item", 1),
    (
        "rdk-ci-AWS_Redshift_ClusterParameterGroup.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_Redshift_ClusterSecurityGroup.json",
        "single-item",
        1,
    ),
    ("rdk-ci-AWS_Redshift_ClusterSnapshot.json", "single-item", 1),
    (
        "rdk-ci-AWS_Redshift_ClusterSubnetGroup.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_Redshift_EventSubscription.json",
        "single-item",
        1,
    ),
    (
        "rdk-ci-AWS_S3_AccountPublicAccessBlock.json",
        "single-item",
        1,
    ),
    ("rdk-ci-AWS_S3_Bucket.json", "single-item", 1),
    ("rdk-ci-AWS_SNS_Topic.json", "single-item", 1),
    (
        "rdk-ci-AWS_SSM_ManagedInstanceInventory.json",
        "change-notification",
        1,
    ),
    (
        "rdk-ci-AWS_SSM_ManagedInstanceInventory_Windows.json",
        "change-notification",
        1,
    ),
    ("rdk-ci-AWS_ShieldRegional_Protection.json", "item-list", 1),
    ("rdk-ci-AWS_Shield_Protection.json", "item-list", 1),
    (
        "s3snap-trie-20260211T0506-33items.json",
        "config-snapshot",
        33,
    ),
    (
        "s3snap-trie-20260213T0505-202items.json",
        "config-snapshot",
        202,
    ),
    (
        "s3snap-trie-20260213T0542-162items.json",
        "config-snapshot",
        162,
    ),
    (
        "s3snap-trie-20260213T0612-244items.json",
        "config-snapshot",
        244,
    ),
    (
        "s3snap-trie-20260213T0616-258items.json",
        "config-snapshot",
        258,
    ),
    (
        "s3snap-trie-20260213T0624-259items-a.json",
        "config-snapshot",
        259,
    ),
    (
        "s3snap-trie-20260213T0624-259items-b.json",
        "config-snapshot",
        259,
    ),
    ("sns-atl-ec2.0.json", "sns-notification", 1),
    ("sns-atl-ec2.1.json", "sns-notification", 1),
    ("sns-atl-ec2.2.json", "sns-notification", 1),
    ("sns-atl-ec2.3.json", "sns-notification", 1),
    ("sns-atl-ec2.4.json", "sns-notification", 1),
    ("sns-atl-ec2.deleted.json", "sns-notification", 1),
    ("sns-atl-elb.create.json", "sns-notification", 1),
    ("sns-atl-elb.delete.json", "sns-notification", 1),
    ("sns-atl-elb.update.json", "sns-notification", 1),
    ("sns-atl-elbv2.create-notags.json", "sns-notification", 1),
    ("sns-atl-elbv2.create.json", "sns-notification", 1),
    ("sns-atl-elbv2.delete.json", "sns-notification", 1),
    ("sns-atl-elbv2.update.json", "sns-notification", 1),
    ("sns-atl-subnet.create.json", "sns-notification", 1),
    ("sns-atl-subnet.delete.json", "sns-notification", 1),
    ("sns-atl-subnet.update.json", "sns-notification", 1),
];

#[test]
fn every_real_file_is_recognised_with_its_item_count() {
    let Some(dir) = real_world() else { return };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let (_, kind, count) = EXPECTED
            .iter()
            .find(|(f, _, _)| *f == name)
            .unwrap_or_else(|| panic!("{name} is not in the expectation table"));
        // Placebo recordings (`{"status_code": 200, "data": …}`) are read as they are.
        let loaded = load::load_bytes(name, std::fs::read(&path).unwrap());
        assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
        let file = &loaded.files[0];
        assert_eq!(label(&file.content[0]), *kind, "{name}: format");
        assert_eq!(loaded.items.len(), *count, "{name}: items");
        seen += 1;
    }
    assert_eq!(seen, EXPECTED.len(), "files present vs expected");
}

#[test]
fn the_259_item_snapshot_loads_every_item_with_keys() {
    let Some(dir) = real_world() else { return };
    let loaded = load::load_paths(
        &[dir.join("s3snap-trie-20260213T0624-259items-a.json")],
        &|_| (),
    );
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.items.len(), 259);
    let iam = loaded
        .items
        .iter()
        .filter(|i| &*i.key.region == "global")
        .count();
    assert!(iam > 0, "IAM items keep awsRegion global");
    assert!(
        loaded
            .items
            .iter()
            .all(|i| !i.key.account.is_empty() && !i.key.resource_id.is_empty())
    );
}

#[test]
fn every_relationship_resolves_or_is_reported_unresolved() {
    let Some(dir) = real_world() else { return };
    for snap in real_snapshots(&dir) {
        let inv = Inventory::build(load::load_paths(std::slice::from_ref(&snap), &|_| ()));
        let recorded: usize = inv.resources().map(|i| i.relationships.len()).sum();
        let stats = inv.graph_stats();
        // Duplicated relationships on one item collapse into one edge; none is dropped.
        let distinct: usize = inv
            .resources()
            .map(|i| {
                let mut rels: Vec<_> = i
                    .relationships
                    .iter()
                    .map(|r| (r.verb, &r.resource_type, &r.resource_id, &r.resource_name))
                    .collect();
                rels.sort();
                rels.dedup();
                rels.len()
            })
            .sum();
        assert_eq!(stats.recorded_edges, distinct, "{}", snap.display());
        assert!(recorded >= distinct);
        for (pos, item) in inv.resources().enumerate() {
            let links = inv.related_to(u32::try_from(pos).unwrap(), None, None);
            for rel in &item.relationships {
                let found = links.iter().any(|l| {
                    !l.inferred
                        && l.verb == rel.verb
                        && l.node.resource_type() == &*rel.resource_type
                        && (rel
                            .resource_id
                            .as_deref()
                            .is_some_and(|id| l.node.label() == id)
                            || l.node
                                .item()
                                .is_some_and(|t| t.name.as_deref() == rel.resource_name.as_deref())
                            || rel.resource_name.as_deref() == Some(l.node.label()))
                });
                assert!(
                    found,
                    "{}: {} relationship {:?} has no edge",
                    snap.display(),
                    item.key,
                    rel
                );
            }
        }
    }
}

#[test]
fn inverse_edges_are_added_once() {
    let Some(dir) = real_world() else { return };
    let inv = Inventory::build(load::load_paths(
        &[dir.join("s3snap-trie-20260213T0624-259items-a.json")],
        &|_| (),
    ));
    assert!(inv.graph_stats().inferred_edges > 0);
    // SGs list only Instance/ENI/VPC; the Lambda → SG edge must come back as an inverse.
    let mut checked = 0;
    for (pos, item) in inv.resources().enumerate() {
        for link in inv.related_to(u32::try_from(pos).unwrap(), None, None) {
            let Some(target) = link.node.item() else {
                continue;
            };
            let back = inv.position(&target.key).unwrap();
            let inverse: Vec<_> = inv
                .related_to(back, None, None)
                .into_iter()
                .filter(|l| l.node.item().is_some_and(|i| i.key == item.key))
                .collect();
            assert!(
                !inverse.is_empty(),
                "{} → {} has no way back",
                item.key,
                target.key
            );
            checked += 1;
        }
    }
    assert!(checked > 100);
}

#[test]
fn name_only_targets_resolve() {
    let Some(dir) = real_world() else { return };
    let inv = Inventory::build(load::load_paths(
        &[dir.join("s3snap-trie-20260213T0624-259items-a.json")],
        &|_| (),
    ));
    assert!(inv.graph_stats().resolved_by_name > 0);
    let lambda_roles: Vec<_> = inv
        .of_type("AWS::Lambda::Function")
        .flat_map(|f| {
            let pos = inv.position(&f.key).unwrap();
            inv.related_to(pos, Some(Verb::IsAssociatedWith), Some("AWS::IAM::Role"))
        })
        .collect();
    assert!(!lambda_roles.is_empty());
    assert!(
        lambda_roles.iter().all(|l| l.node.item().is_some()),
        "Lambda roles resolve by name"
    );
    let members: Vec<_> = inv
        .of_type("AWS::RDS::DBCluster")
        .flat_map(|c| {
            let pos = inv.position(&c.key).unwrap();
            inv.related_to(pos, Some(Verb::Contains), Some("AWS::RDS::DBInstance"))
        })
        .collect();
    assert!(!members.is_empty());
    assert!(
        members.iter().all(|l| l.node.item().is_some()),
        "cluster members resolve by name"
    );
}

#[test]
fn url_encoded_iam_documents_decode() {
    let Some(dir) = real_world() else { return };
    let loaded = load::load_paths(
        &[dir.join("s3snap-trie-20260213T0624-259items-a.json")],
        &|_| (),
    );
    let roles: Vec<_> = loaded
        .items
        .iter()
        .filter(|i| &*i.key.resource_type == "AWS::IAM::Role")
        .collect();
    assert!(!roles.is_empty());
    for role in roles {
        assert!(
            role.raw_configuration().unwrap().contains("%7B"),
            "raw document stays reachable"
        );
        let doc = role.config_at("assumeRolePolicyDocument");
        assert!(doc.get("Statement").is_some(), "{}: {doc}", role.key);
    }
}

#[test]
fn later_state_wins_and_history_is_kept() {
    let Some(dir) = real_world() else { return };
    let inv = Inventory::build(load::load_paths(&real_snapshots(&dir), &|_| ()));
    let versions = inv.all_versions().len();
    assert!(versions > inv.len());
    for (pos, item) in inv.resources().enumerate() {
        let history: Vec<_> = inv.history(u32::try_from(pos).unwrap()).collect();
        let last = history.last().unwrap();
        assert!(std::ptr::eq(*last, item));
        assert!(history.windows(2).all(|w| w[0].version_order(w[1]).is_le()));
    }
}

// ---- malformed input: each class gets one clear problem naming the file; the rest loads.

fn problems_of(name: &str, bytes: Vec<u8>) -> Vec<load::Problem> {
    load::load_bytes(name, bytes).problems
}

#[test]
fn invalid_json_names_file_line_and_column() {
    let p = problems_of(
        "bad.json",
        b"{\n  \"configurationItems\": [\n    {\"resourceType\": }\n  ]\n}".to_vec(),
    );
    assert_eq!(p.len(), 1);
    assert!(matches!(p[0].error, LoadError::InvalidJson(_)));
    assert_eq!((p[0].line, p[0].column), (Some(3), Some(22)));
    assert!(
        p[0].to_string()
            .starts_with("bad.json (line 3, column 22): invalid JSON"),
        "{}",
        p[0]
    );
}

#[test]
fn truncated_gzip_is_a_problem_not_a_panic() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"fileVersion":"1.0","configurationItems":[]}"#)
        .unwrap();
    let full = gz.finish().unwrap();
    let p = problems_of("cut.json.gz", full[..full.len() / 2].to_vec());
    assert_eq!(p.len(), 1);
    assert!(matches!(p[0].error, LoadError::Gzip(_)), "{}", p[0]);
}

#[test]
fn gzip_is_recognised_by_magic_bytes_not_extension() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[{"resourceType":"AWS::S3::Bucket","resourceId":"b","awsAccountId":"1","awsRegion":"us-east-1"}]}"#).unwrap();
    let loaded = load::load_bytes("snapshot.json", gz.finish().unwrap());
    assert!(loaded.problems.is_empty());
    assert!(loaded.files[0].gzip);
    assert_eq!(loaded.items.len(), 1);
}

#[test]
fn empty_and_foreign_files_are_problems() {
    assert!(matches!(
        problems_of("empty.json", Vec::new())[0].error,
        LoadError::Empty
    ));
    assert!(matches!(
        problems_of("blank.json", b"  \n".to_vec())[0].error,
        LoadError::Empty
    ));
    assert!(matches!(
        problems_of("data.csv", b"a,b,c\n1,2,3\n".to_vec())[0].error,
        LoadError::InvalidJson(_)
    ));
    assert!(matches!(
        problems_of("other.json", br#"{"hello": "world"}"#.to_vec())[0].error,
        LoadError::UnknownFormat(_)
    ));
    assert!(matches!(
        problems_of("bin.json", vec![0xff, 0xfe, 0x00])[0].error,
        LoadError::NotUtf8(_)
    ));
}

/// Placebo recordings (`{"status_code": 200, "data": <response>}`) are read through to
/// the response, whatever it is; a recorded failure, or a response of no known shape, is
/// a problem naming the file.
#[test]
fn recorded_api_responses_are_read_through_their_wrapper() {
    let snapshot = r#"{"status_code": 200, "data": {"fileVersion": "1.0", "configSnapshotId": "s-1",
  "configurationItems": [{"resourceType": "AWS::S3::Bucket", "resourceId": "b-1",
  "awsAccountId": "111122223333", "awsRegion": "us-east-1", "configuration": {"name": "b-1"}}]}}"#;
    let loaded = load::load_bytes("wrapped.json", snapshot.as_bytes().to_vec());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(label(&loaded.files[0].content[0]), "config-snapshot");
    assert_eq!(&*loaded.items[0].key.resource_id, "b-1");
    assert_eq!(loaded.items[0].config_at("name"), "b-1");

    let failed = problems_of(
        "throttled.json",
        br#"{"status_code": 400, "data": {"Error": {"Code": "ThrottlingException"}}}"#.to_vec(),
    );
    assert!(
        matches!(&failed[0].error, LoadError::UnknownFormat(why) if why.contains("status_code 400")),
        "{failed:?}"
    );
    assert!(failed[0].to_string().contains("throttled.json"));
    let foreign = problems_of(
        "foreign.json",
        br#"{"status_code": 200, "data": {"Buckets": []}}"#.to_vec(),
    );
    assert!(matches!(foreign[0].error, LoadError::UnknownFormat(_)));
    // A key of that name in a document of another kind changes nothing.
    let other = r#"{"status_code": "ok", "fileVersion": "1.0", "configurationItems": [
  {"resourceType": "AWS::S3::Bucket", "resourceId": "b-2", "awsAccountId": "111122223333",
   "awsRegion": "us-east-1"}]}"#;
    let loaded = load::load_bytes("other.json", other.as_bytes().to_vec());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.items.len(), 1);
}

#[test]
fn items_without_keys_are_skipped_with_their_index_and_the_rest_loads() {
    let text = r#"{"fileVersion":"1.0","configurationItems":[
  {"resourceType":"AWS::S3::Bucket","resourceId":"ok-1","awsAccountId":"1","awsRegion":"us-east-1"},
  {"resourceId":"no-type","awsAccountId":"1"},
  {"resourceType":"AWS::S3::Bucket","awsAccountId":"1"},
  "not an object",
  {"resourceType":"AWS::EC2::Instance","resourceId":"i-1","awsAccountId":"1","awsRegion":"us-east-1",
   "relationships":[{"resourceId":"sg-1","name":"Is associated with SecurityGroup"},
                    {"resourceId":"subnet-1","resourceType":"AWS::EC2::Subnet","name":"Is contained in Subnet"}]}
]}"#;
    let loaded = load::load_bytes("mixed.json", text.as_bytes().to_vec());
    assert_eq!(loaded.items.len(), 2);
    let p = &loaded.problems;
    assert_eq!(p.len(), 4, "{p:?}");
    assert_eq!(
        (p[0].item_index, &p[0].error),
        (Some(1), &LoadError::MissingField("resourceType"))
    );
    assert_eq!(p[0].line, Some(3));
    assert_eq!(
        (p[1].item_index, &p[1].error),
        (Some(2), &LoadError::MissingField("resourceId"))
    );
    assert_eq!(
        (p[2].item_index, &p[2].error),
        (Some(3), &LoadError::ItemNotObject)
    );
    assert_eq!(
        (p[3].item_index, &p[3].error),
        (Some(4), &LoadError::RelationshipWithoutType(0))
    );
    assert_eq!(
        loaded.items[1].relationships.len(),
        1,
        "the typed relationship is kept"
    );
}

#[test]
fn very_deep_nesting_does_not_crash() {
    let depth = 100_000;
    let mut text = String::from(
        r#"{"fileVersion":"1.0","configurationItems":[{"resourceType":"AWS::S3::Bucket","resourceId":"deep","configuration":"#,
    );
    text.push_str(&"[".repeat(depth));
    text.push_str(&"]".repeat(depth));
    text.push_str("}]}");
    // The skeleton parse keeps `configuration` as raw text, so the item loads; decoding it
    // later stops at serde_json's recursion limit instead of overflowing the stack, and
    // rules then answer INSUFFICIENT_DATA ("could not be decoded").
    let loaded = load::load_bytes("deep.json", text.into_bytes());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.items[0].configuration().is_null());
    let mut nested_items = String::from(r#"{"fileVersion":"1.0","configurationItems":["#);
    nested_items.push_str(&"{\"a\":".repeat(depth));
    nested_items.push_str(&"}".repeat(depth));
    nested_items.push_str("]}");
    let loaded = load::load_bytes("deep-items.json", nested_items.into_bytes());
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
}

#[test]
fn a_large_file_loads() {
    let mut text =
        String::from(r#"{"fileVersion":"1.0","configSnapshotId":"big","configurationItems":["#);
    let n = 50_000;
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        write!(
            text,
            r#"{{"resourceType":"AWS::EC2::Volume","resourceId":"vol-{i:08x}","awsAccountId":"111122223333","awsRegion":"us-east-1","configurationItemStatus":"OK","configurationStateId":{i},"configuration":{{"volumeId":"vol-{i:08x}","encrypted":{enc},"size":8,"state":"available","attachments":[]}},"relationships":[]}}"#,
            enc = i % 2 == 0
        )
        .unwrap();
    }
    text.push_str("]}");
    let loaded = load::load_bytes("big.json", text.into_bytes());
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.items.len(), n);
    assert_eq!(
        loaded.items[7].config_at("encrypted"),
        &serde_json::Value::Bool(false)
    );
}

#[test]
fn directories_walk_the_s3_layout_and_skip_the_writability_check() {
    let dir = tempfile::tempdir().unwrap();
    let day = dir
        .path()
        .join("org/AWSLogs/123456789012/Config/eu-west-1/2026/2/3/ConfigSnapshot");
    std::fs::create_dir_all(&day).unwrap();
    std::fs::write(day.join("123456789012_Config_eu-west-1_ConfigSnapshot_20260203T000000Z_x.json"),
        br#"{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[{"resourceType":"AWS::S3::Bucket","resourceId":"b"}]}"#).unwrap();
    std::fs::write(
        dir.path()
            .join("org/AWSLogs/123456789012/Config/ConfigWritabilityCheckFile"),
        b"",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"not data").unwrap();
    let loaded = load::load_paths(&[dir.path().to_path_buf()], &|_| ());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.files.len(), 1);
    let item = &loaded.items[0];
    assert_eq!(
        (&*item.key.account, &*item.key.region),
        ("123456789012", "eu-west-1"),
        "keys default from the S3 layout"
    );
}

#[test]
fn paths_between_resources_go_through_the_graph() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let inv = Inventory::build(load::load_paths(&[sample], &|_| ()));
    let instance = inv
        .of_type("AWS::EC2::Instance")
        .find(|i| !i.is_deleted() && !i.relationships.is_empty())
        .unwrap();
    let from = inv.position(&instance.key).unwrap();
    let vpc_link = inv.related_to(from, Some(Verb::IsContainedIn), Some("AWS::EC2::VPC"));
    let vpc = vpc_link[0].node.item().unwrap();
    let to = inv.position(&vpc.key).unwrap();
    let paths = inv.paths(from, to, 2);
    assert!(
        paths.len() >= 2,
        "direct and through the subnet: {}",
        paths.len()
    );
    assert_eq!(paths[0].len(), 2, "the shortest path comes first");
    assert!(
        paths
            .iter()
            .any(|p| p.len() == 3 && p[1].resource_type() == "AWS::EC2::Subnet")
    );
    assert!(inv.paths(from, to, 0).is_empty());
    // Incoming edges: the VPC is pointed at by the instance (recorded on the instance).
    assert!(
        inv.incoming(to)
            .iter()
            .any(|l| l.node.item().is_some_and(|i| i.key == instance.key))
    );
}
