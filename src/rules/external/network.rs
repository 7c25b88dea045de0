//! Network rules that need data AWS Config does not record.

use super::super::{Fidelity, Need, Scope, Severity, Trigger};

super::external_rules! {
    /// Whether no EBS snapshot of the account is publicly restorable.
    ///
    /// ## What it checks
    /// Whether any EBS snapshot owned by the account grants `createVolumePermission` to
    /// the group `all` (AWS reports it as `RestorableByUserIds` = `all`). One verdict per
    /// account and Region.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. EBS snapshots are not an AWS Config resource
    ///   type (only the account setting `AWS::EC2::SnapshotBlockPublicAccess` is). The
    ///   data is in `DescribeSnapshots --owner-ids self` and `DescribeSnapshotAttribute
    ///   --attribute createVolumePermission` for each snapshot: NON_COMPLIANT when a
    ///   permission has `Group` `all`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ebs-snapshot-public-restorable-check.html>
    EbsSnapshotPublicRestorableCheck {
        identifier: "EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK",
        name: "ebs-snapshot-public-restorable-check",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Critical,
        fidelity: Fidelity::Unsupported(
            "needs EBS snapshot createVolumePermission (DescribeSnapshots and DescribeSnapshotAttribute); snapshots are not Config items",
        ),
        needs: &[Need::External("EC2 DescribeSnapshots and DescribeSnapshotAttribute")],
        parameters: &[],
    }

    /// Whether SageMaker notebook instances have direct internet access disabled.
    ///
    /// ## What it checks
    /// Whether any SageMaker notebook instance of the account has `DirectInternetAccess`
    /// `Enabled`. One verdict per account and Region.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. AWS lists no Config resource type for this
    ///   periodic rule, and whether notebook instances are recorded is unverified. The
    ///   data is in SageMaker `ListNotebookInstances` and `DescribeNotebookInstance`
    ///   (`DirectInternetAccess`): NON_COMPLIANT when it is `Enabled`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/sagemaker-notebook-no-direct-internet-access.html>
    SagemakerNotebookNoDirectInternetAccess {
        identifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
        name: "sagemaker-notebook-no-direct-internet-access",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported(
            "needs SageMaker DescribeNotebookInstance (DirectInternetAccess) for each notebook instance",
        ),
        needs: &[Need::External("SageMaker DescribeNotebookInstance")],
        parameters: &[],
    }

    /// Whether the master nodes of EMR clusters have no public IP address.
    ///
    /// ## What it checks
    /// Whether the master node of each running or waiting EMR cluster has a public IP.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. The `AWS::EMR::Cluster` item does not record
    ///   the master node's addresses. The data is in EMR `ListInstances
    ///   --instance-group-types MASTER` (`PublicIpAddress`) for clusters in state
    ///   `RUNNING` or `WAITING`: NON_COMPLIANT when the master has a public IP.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/emr-master-no-public-ip.html>
    EmrMasterNoPublicIp {
        identifier: "EMR_MASTER_NO_PUBLIC_IP",
        name: "emr-master-no-public-ip",
        resource_types: &["AWS::EMR::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported(
            "needs the master node's public IP (EMR ListInstances), which the cluster item does not record",
        ),
        needs: &[Need::External("EMR ListInstances for the master instance group")],
        parameters: &[],
    }

    /// Whether DMS replication instances are not publicly accessible.
    ///
    /// ## What it checks
    /// Whether any AWS DMS replication instance of the account has `PubliclyAccessible`
    /// true. One verdict per account and Region.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. AWS lists no Config resource type for this
    ///   periodic rule, and whether replication instances are recorded is unverified. The
    ///   data is in DMS `DescribeReplicationInstances` (`PubliclyAccessible`):
    ///   NON_COMPLIANT when it is true.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/dms-replication-not-public.html>
    DmsReplicationNotPublic {
        identifier: "DMS_REPLICATION_NOT_PUBLIC",
        name: "dms-replication-not-public",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported(
            "needs DMS DescribeReplicationInstances (PubliclyAccessible)",
        ),
        needs: &[Need::External("DMS DescribeReplicationInstances")],
        parameters: &[],
    }
}
