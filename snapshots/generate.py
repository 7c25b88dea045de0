#!/usr/bin/env python3
"""Generate the bundled AWS Config sample data in snapshots/.

    python3 snapshots/generate.py          # (re)write every generated file
    python3 snapshots/generate.py --check  # re-read the files and verify them

Everything here is written by us. The shapes follow the real-data notes in
shared/reference/aws-config-formats.md; no real file is copied.

Output (all paths relative to this folder):
  AWSLogs/<acct>/Config/<region>/<y>/<m>/<d>/ConfigSnapshot/*.json.gz   (month/day not padded)
  AWSLogs/<acct>/Config/<region>/<y>/<m>/<d>/ConfigHistory/*.json.gz
  AWSLogs/<acct>/Config/ConfigWritabilityCheckFile                      (empty)
  AWSLogs/<acct>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz         (CloudTrail pads month/day)
  notifications/*.json                                                  (SNS change notifications)
  README.md                                                             (generated from the same data)

The script is deterministic: no clock, no randomness. Identifiers come from
SHA-256 of fixed seeds, and gzip is written with mtime=0 and a fixed header
(see gz()), so two runs, on any Python 3.6+, give byte-identical files.

Model: `build(applied)` returns the complete world (every resource of both
accounts and both regions) after the events in `applied` have happened.
The timeline is the list EVENTS; each event changes the world. A resource whose
content differs between two consecutive worlds gets a new configuration item
(OK / ResourceDiscovered / ResourceDeleted) captured shortly after the event.
Snapshots take, per account and region, the latest item of every live
resource at the delivery time; history files take every item produced by an
event.
"""

import copy
import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import struct
import sys
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

PROD = "111122223333"
DEV = "444455556666"
ACCOUNT_LABEL = {PROD: "prod", DEV: "dev"}
USE1 = "us-east-1"
EUW1 = "eu-west-1"
REGIONS = [USE1, EUW1]
GLOBAL = "global"


# --------------------------------------------------------------------------
# deterministic identifiers
# --------------------------------------------------------------------------

def _h(*parts):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def ec2id(prefix, *seed):
    """Modern 17-hex EC2 id, e.g. vpc-0a1b2c3d4e5f60718."""
    return f"{prefix}-0{_h(prefix, *seed)[:16]}"


def hexid(n, *seed):
    return _h("hex", *seed)[:n]


def uuid(*seed):
    x = _h("uuid", *seed)
    return f"{x[:8]}-{x[8:12]}-4{x[13:16]}-{'89ab'[int(x[16], 16) % 4]}{x[17:20]}-{x[20:32]}"


_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def b32(n, *seed):
    digest = hashlib.sha256("|".join(("b32",) + tuple(str(s) for s in seed)).encode()).digest()
    digest += hashlib.sha256(digest).digest()
    return "".join(_B32[b % 32] for b in digest[:n])


def alnum(n, *seed):
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    digest = hashlib.sha256("|".join(("alnum",) + tuple(str(s) for s in seed)).encode()).digest()
    digest += hashlib.sha256(digest).digest()
    return "".join(chars[b % 62] for b in digest[:n])


def iam_uid(prefix, *seed):
    """IAM unique id: AIDA/AROA/ANPA/AGPA/AIPA + 17 base32 characters."""
    return prefix + b32(17, prefix, *seed)


def mac(*seed):
    x = _h("mac", *seed)
    return "0e:" + ":".join(x[i:i + 2] for i in range(0, 10, 2))


def canonical_user(acct):
    return _h("canonical", acct)


# --------------------------------------------------------------------------
# time helpers
# --------------------------------------------------------------------------

def T(s):
    """Parse '2026-03-09T14:07:31Z' or with .mmm milliseconds (always UTC)."""
    s = s.rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in s else "%Y-%m-%dT%H:%M:%S"
    return dt.datetime.strptime(s, fmt).replace(tzinfo=dt.timezone.utc)


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def iso_s(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_ms(t):
    return int(round(t.timestamp() * 1000))


def lambda_ts(t):
    """Lambda lastModified: 2026-02-13T06:00:17.426+0000."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+0000"


def plus(t, seconds=0.0):
    return t + dt.timedelta(seconds=seconds)


def jitter(lo, hi, *seed):
    """Deterministic pseudo-random number of seconds in [lo, hi) with ms."""
    x = int(_h("jitter", *seed)[:8], 16) / 0xFFFFFFFF
    return round(lo + (hi - lo) * x, 3)


# --------------------------------------------------------------------------
# policy document encodings
# --------------------------------------------------------------------------

def iam_doc(doc, pretty=False):
    """IAM documents in CIs are URL-encoded JSON (aws-config-formats.md §8)."""
    text = json.dumps(doc, indent=4 if pretty else None,
                      separators=(",", ": ") if pretty else (",", ":"))
    return urllib.parse.quote(text, safe="")


def kms_policy(doc):
    """KMS key policies are pretty-printed (Jackson style ' : ') JSON strings."""
    return json.dumps(doc, indent=2, separators=(",", " : "))


def compact(doc):
    return json.dumps(doc, separators=(",", ":"))


# --------------------------------------------------------------------------
# events (the timeline). Order matters: each builds on the previous world.
# --------------------------------------------------------------------------

EVENTS = [
    # id,                     account, region, time of the API call (UTC)
    ("dev_bucket_deleted",    DEV,  USE1, T("2026-03-09T11:09:44Z")),
    ("prod_ssh_opened",       PROD, USE1, T("2026-03-09T14:07:31Z")),
    ("prod_versioning_off",   PROD, USE1, T("2026-03-09T16:40:03Z")),
    ("dev_inline_policy",     DEV,  USE1, T("2026-03-09T19:45:27Z")),
    ("prod_volume_created",   PROD, USE1, T("2026-03-10T09:15:02Z")),
    ("prod_volume_attached",  PROD, USE1, T("2026-03-10T09:17:11Z")),
    ("prod_batch_stopping",   PROD, USE1, T("2026-03-10T14:22:05Z")),
    ("prod_batch_stopped",    PROD, USE1, T("2026-03-10T14:22:58Z")),  # no API call: the instance settles
    ("dev_lambda_deleted",    DEV,  USE1, T("2026-03-10T17:30:05Z")),
    ("dev_lambda_created",    DEV,  USE1, T("2026-03-10T17:34:19Z")),
]
EVENT_TIME = {e[0]: e[3] for e in EVENTS}

# One snapshot per account and region per day (daily delivery frequency).
SNAPSHOT_DAYS = ["2026-03-09", "2026-03-10", "2026-03-11"]
SNAPSHOT_CLOCK = {  # time of day of the delivery per account/region
    (PROD, USE1): "05:12:44", (PROD, EUW1): "05:13:09",
    (DEV, USE1): "05:31:27", (DEV, EUW1): "05:31:55",
}


def snapshot_time(acct, region, day):
    base = T(f"{day}T{SNAPSHOT_CLOCK[(acct, region)]}Z")
    return plus(base, jitter(0, 50, "snap", acct, region, day))


# --------------------------------------------------------------------------
# resource model
# --------------------------------------------------------------------------

class Res:
    """One resource in one world state (everything except capture metadata)."""

    def __init__(self, acct, region, rtype, rid, *, config, name=None, arn=None, az=None,
                 created=None, supp=None, tags=None, base=None):
        self.acct = acct
        self.region = region
        self.rtype = rtype
        self.rid = rid
        self.name = name
        self.arn = arn
        self.az = az
        self.created = created      # datetime or None (omitted key)
        self.config = config
        self.supp = supp if supp is not None else {}
        self.tags = tags if tags is not None else {}
        self.base = base            # capture time of the item current before the sample window
        self.rels = []

    @property
    def key(self):
        return (self.acct, self.region, self.rtype, self.rid)

    def content(self):
        return compact([self.name, self.arn, self.az,
                        iso_ms(self.created) if self.created else None,
                        self.config, self.supp, self.tags, self.sorted_rels()])

    def sorted_rels(self):
        return sorted(self.rels, key=lambda r: (r.get("resourceId") or r.get("resourceName"), r["name"]))


class World:
    def __init__(self, applied):
        self.applied = applied
        self.res = {}

    def has(self, event_id):
        return event_id in self.applied

    def add(self, r):
        assert r.key not in self.res, r.key
        self.res[r.key] = r
        return r

    # Relationships are stored on the source CI, named from its point of view.
    def rel(self, src, name, dst, *, by_name=False, with_name=False):
        if by_name:
            src.rels.append({"resourceName": dst.name, "resourceType": dst.rtype, "name": name})
        elif with_name:
            src.rels.append({"resourceId": dst.rid, "resourceName": dst.name,
                             "resourceType": dst.rtype, "name": name})
        else:
            src.rels.append({"resourceId": dst.rid, "resourceType": dst.rtype, "name": name})

    def rel_raw(self, src, name, rtype, rid):
        """Relationship to a resource that is not recorded (kept on purpose)."""
        src.rels.append({"resourceId": rid, "resourceType": rtype, "name": name})

    def link(self, a, name_ab, b, name_ba, **kw):
        self.rel(a, name_ab, b, **kw)
        self.rel(b, name_ba, a, **kw)


def ec2_tags(d):
    return [{"key": k, "value": v} for k, v in d.items()]


def kv_tags(d):
    return [{"key": k, "value": v} for k, v in d.items()]


# --------------------------------------------------------------------------
# per-type configuration builders (shapes per aws-config-formats.md §8)
# --------------------------------------------------------------------------

def perm(acct, proto, fp=None, tp=None, v4=(), v6=(), groups=()):
    """One SecurityGroup ipPermissions entry: legacy ipRanges + ipv4Ranges/ipv6Ranges."""
    p = {}
    if fp is not None:
        p["fromPort"] = fp
    p["ipProtocol"] = proto
    p["ipv6Ranges"] = [dict({"cidrIpv6": c}, **({"description": d} if d else {})) for c, d in v6]
    p["prefixListIds"] = []
    if tp is not None:
        p["toPort"] = tp
    p["userIdGroupPairs"] = [dict({"groupId": g, "userId": acct}, **({"description": d} if d else {}))
                             for g, d in groups]
    p["ipv4Ranges"] = [dict({"cidrIp": c}, **({"description": d} if d else {})) for c, d in v4]
    p["ipRanges"] = [c for c, _ in v4]
    return p


def egress_all(acct):
    return [perm(acct, "-1", v4=[("0.0.0.0/0", None)])]


def vpc_cfg(acct, vpc_id, cidr, tags, dopt):
    return {
        "cidrBlock": cidr, "dhcpOptionsId": dopt, "state": "available", "vpcId": vpc_id,
        "ownerId": acct, "instanceTenancy": "default", "ipv6CidrBlockAssociationSet": [],
        "cidrBlockAssociationSet": [{"associationId": ec2id("vpc-cidr-assoc", vpc_id), "cidrBlock": cidr,
                                     "cidrBlockState": {"state": "associated"}}],
        "isDefault": False, "tags": ec2_tags(tags),
    }


AZ_ID = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6", "eu-west-1a": "euw1-az3", "eu-west-1b": "euw1-az1"}


def subnet_cfg(acct, region, sid, vpc_id, cidr, az, public, free_ips, tags):
    return {
        "availabilityZone": az, "availabilityZoneId": AZ_ID[az], "availableIpAddressCount": free_ips,
        "cidrBlock": cidr, "defaultForAz": False, "mapPublicIpOnLaunch": public,
        "mapCustomerOwnedIpOnLaunch": False, "state": "available", "subnetId": sid, "vpcId": vpc_id,
        "ownerId": acct, "assignIpv6AddressOnCreation": False, "ipv6CidrBlockAssociationSet": [],
        "tags": ec2_tags(tags), "subnetArn": f"arn:aws:ec2:{region}:{acct}:subnet/{sid}",
        "enableDns64": False, "ipv6Native": False,
        "privateDnsNameOptionsOnLaunch": {"hostnameType": "ip-name", "enableResourceNameDnsARecord": False,
                                          "enableResourceNameDnsAAAARecord": False},
    }


def private_dns(region, ip):
    suffix = "ec2.internal" if region == USE1 else f"{region}.compute.internal"
    return f"ip-{ip.replace('.', '-')}.{suffix}"


def public_dns(region, ip):
    if region == USE1:
        return f"ec2-{ip.replace('.', '-')}.compute-1.amazonaws.com"
    return f"ec2-{ip.replace('.', '-')}.{region}.compute.amazonaws.com"


def eni_block(acct, region, eni_id, subnet_id, vpc_id, ip, groups, *, attach=None, public_ip=None,
              ip_owner="amazon", description="", requester=None, as_resource=False, az=None):
    """The ENI shape, used both inside Instance.networkInterfaces and as the ENI CI configuration."""
    assoc = None
    if public_ip:
        assoc = {"ipOwnerId": ip_owner, "publicDnsName": public_dns(region, public_ip), "publicIp": public_ip}
    e = {}
    if assoc:
        e["association"] = assoc
    if attach:
        e["attachment"] = attach
    if as_resource:
        e["availabilityZone"] = az
    e["description"] = description
    e["groups"] = [{"groupName": n, "groupId": g} for n, g in groups]
    e["interfaceType"] = "interface"
    e["ipv6Addresses"] = []
    e["macAddress"] = mac(eni_id)
    e["networkInterfaceId"] = eni_id
    e["ownerId"] = acct
    e["privateDnsName"] = private_dns(region, ip)
    e["privateIpAddress"] = ip
    pip = {"primary": True, "privateDnsName": private_dns(region, ip), "privateIpAddress": ip}
    if assoc:
        pip = dict({"association": assoc}, **pip)
    e["privateIpAddresses"] = [pip]
    e["ipv4Prefixes"] = []
    e["ipv6Prefixes"] = []
    if as_resource:
        if requester:
            e["requesterId"] = requester
        e["requesterManaged"] = bool(requester)
    e["sourceDestCheck"] = True
    e["status"] = "in-use"
    e["subnetId"] = subnet_id
    if as_resource:
        e["tagSet"] = []
    e["vpcId"] = vpc_id
    return e


INSTANCE_STATE = {"running": 16, "stopping": 64, "stopped": 80}


def instance_cfg(acct, region, iid, *, ami, itype, az, subnet_id, vpc_id, ip, groups, eni_id, launch,
                 volumes, state="running", public_ip=None, ip_owner="amazon", key_name=None,
                 profile=None, tags=None, windows=False, stop_reason=None, cores=1):
    attach = {"attachTime": iso_ms(launch), "attachmentId": ec2id("eni-attach", eni_id),
              "deleteOnTermination": True, "deviceIndex": 0, "status": "attached", "networkCardIndex": 0}
    nic = eni_block(acct, region, eni_id, subnet_id, vpc_id, ip, groups, attach=attach,
                    public_ip=public_ip if state == "running" or ip_owner != "amazon" else None,
                    ip_owner=ip_owner)
    c = {"amiLaunchIndex": 0, "imageId": ami, "instanceId": iid, "instanceType": itype}
    if key_name:
        c["keyName"] = key_name
    c["launchTime"] = iso_ms(launch)
    c["monitoring"] = {"state": "disabled"}
    c["placement"] = {"availabilityZone": az, "groupName": "", "tenancy": "default"}
    if windows:
        c["platform"] = "windows"
    c["privateDnsName"] = private_dns(region, ip)
    c["privateIpAddress"] = ip
    c["productCodes"] = []
    shows_public = public_ip and (state == "running" or ip_owner != "amazon")
    c["publicDnsName"] = public_dns(region, public_ip) if shows_public else ""
    if shows_public:
        c["publicIpAddress"] = public_ip
    c["state"] = {"code": INSTANCE_STATE[state], "name": state}
    c["stateTransitionReason"] = stop_reason or ""
    c["subnetId"] = subnet_id
    c["vpcId"] = vpc_id
    c["architecture"] = "x86_64"
    c["blockDeviceMappings"] = [
        {"deviceName": dev, "ebs": {"attachTime": iso_ms(at), "deleteOnTermination": dot,
                                    "status": "attached", "volumeId": vid}}
        for dev, vid, at, dot in volumes]
    c["clientToken"] = uuid("client-token", iid)
    c["ebsOptimized"] = itype.startswith(("m5", "m6", "t3.large", "c6"))
    c["enaSupport"] = True
    c["hypervisor"] = "xen"
    if profile:
        c["iamInstanceProfile"] = {"arn": profile[0], "id": profile[1]}
    c["elasticGpuAssociations"] = []
    c["elasticInferenceAcceleratorAssociations"] = []
    c["networkInterfaces"] = [nic]
    c["rootDeviceName"] = "/dev/sda1" if windows else "/dev/xvda"
    c["rootDeviceType"] = "ebs"
    c["securityGroups"] = [{"groupName": n, "groupId": g} for n, g in groups]
    c["sourceDestCheck"] = True
    if stop_reason and state != "running":
        c["stateReason"] = {"code": "Client.UserInitiatedShutdown",
                            "message": "Client.UserInitiatedShutdown: User initiated shutdown"}
    c["tags"] = ec2_tags(tags or {})
    c["virtualizationType"] = "hvm"
    c["cpuOptions"] = {"coreCount": cores, "threadsPerCore": 2}
    c["capacityReservationSpecification"] = {"capacityReservationPreference": "open"}
    c["hibernationOptions"] = {"configured": False}
    c["licenses"] = []
    c["metadataOptions"] = {"state": "applied", "httpTokens": "required", "httpPutResponseHopLimit": 2,
                            "httpEndpoint": "enabled", "httpProtocolIpv6": "disabled",
                            "instanceMetadataTags": "disabled"}
    c["enclaveOptions"] = {"enabled": False}
    c["bootMode"] = "uefi" if windows else "uefi-preferred"
    c["platformDetails"] = "Windows" if windows else "Linux/UNIX"
    c["usageOperation"] = "RunInstances:0002" if windows else "RunInstances"
    c["usageOperationUpdateTime"] = iso_ms(launch)
    c["privateDnsNameOptions"] = {"hostnameType": "ip-name", "enableResourceNameDnsARecord": False,
                                  "enableResourceNameDnsAAAARecord": False}
    c["maintenanceOptions"] = {"autoRecovery": "default"}
    c["currentInstanceBootMode"] = "uefi" if windows else "legacy-bios"
    return c


def volume_cfg(vid, az, size, created, *, encrypted, kms=None, attach=None, snapshot="", vtype="gp3",
               tags=None):
    c = {"attachments": []}
    if attach:
        iid, dev, at, dot = attach
        c["attachments"] = [{"attachTime": iso_ms(at), "device": dev, "instanceId": iid, "state": "attached",
                             "volumeId": vid, "deleteOnTermination": dot}]
    c["availabilityZone"] = az
    c["createTime"] = iso_ms(created)
    c["encrypted"] = encrypted
    if kms:
        c["kmsKeyId"] = kms
    c["size"] = size
    c["snapshotId"] = snapshot
    c["state"] = "in-use" if attach else "available"
    c["volumeId"] = vid
    c["iops"] = 3000
    c["tags"] = ec2_tags(tags or {})
    c["volumeType"] = vtype
    c["multiAttachEnabled"] = False
    c["throughput"] = 125
    return c


def s3_acl(acct, public_read=False):
    grants = [{"grantee": {"id": canonical_user(acct), "displayName": None}, "permission": "FullControl"}]
    if public_read:
        grants.append({"grantee": "AllUsers", "permission": "Read"})
    return compact({"grantSet": None, "grantList": grants,
                    "owner": {"displayName": None, "id": canonical_user(acct)}, "isRequesterCharged": False})


def tls_only_statement(bucket):
    return {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def s3_supp(acct, bucket, *, versioning, logging=None, policy=None, bpa=True, sse=("AES256", None, False),
            public_acl=False, tags=None, website=False):
    s = {"AbacStatus": {"status": "Disabled"},
         "AccessControlList": s3_acl(acct, public_acl),
         "BucketAccelerateConfiguration": {"isRequesterCharged": False},
         "BucketLoggingConfiguration": ({"destinationBucketName": logging[0], "logFilePrefix": logging[1]}
                                        if logging else {}),
         "BucketNotificationConfiguration": {"configurations": {}},
         "BucketPolicy": {"policyText": compact(policy)} if policy else {}}
    if tags:
        s["BucketTaggingConfiguration"] = {"tagSets": [{"tags": dict(tags)}]}
    s["BucketVersioningConfiguration"] = {"status": versioning}
    if website:
        s["BucketWebsiteConfiguration"] = {"errorDocument": "error.html", "indexDocumentSuffix": "index.html",
                                           "routingRules": []}
    s["IsRequesterPaysEnabled"] = False
    flag = bool(bpa)
    s["PublicAccessBlockConfiguration"] = {"blockPublicAcls": flag, "ignorePublicAcls": flag,
                                           "blockPublicPolicy": flag, "restrictPublicBuckets": flag}
    algo, key, bucket_key = sse
    by_default = {"sseAlgorithm": algo}
    if key:
        by_default["kmsMasterKeyID"] = key
    s["ServerSideEncryptionConfiguration"] = {"rules": [{"applyServerSideEncryptionByDefault": by_default,
                                                         "bucketKeyEnabled": bucket_key}]}
    return s


def add_bucket(w, acct, region, name, created, base, *, tags, **kw):
    return w.add(Res(acct, region, "AWS::S3::Bucket", name, name=name, arn=f"arn:aws:s3:::{name}",
                     az="Regional", created=created, base=base, tags=tags,
                     config={"name": name, "owner": {"id": canonical_user(acct)},
                             "creationDate": iso_ms(created.replace(microsecond=0)), "region": region},
                     supp=s3_supp(acct, name, tags=tags, **kw)))


def kms_key(w, acct, region, key_id, created, base, *, description, rotation, policy_doc, tags=None,
            aws_managed=False):
    arn = f"arn:aws:kms:{region}:{acct}:key/{key_id}"
    cfg = {"keyId": key_id, "arn": arn, "creationDate": epoch_ms(created), "enabled": True,
           "description": description, "keyUsage": "ENCRYPT_DECRYPT", "keyState": "Enabled",
           "origin": "AWS_KMS", "keyManager": "AWS" if aws_managed else "CUSTOMER",
           "customerMasterKeySpec": "SYMMETRIC_DEFAULT", "keySpec": "SYMMETRIC_DEFAULT",
           "encryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "signingAlgorithms": [],
           "keyAgreementAlgorithms": [], "multiRegion": False, "macAlgorithms": [], "awsaccountId": acct}
    supp = {}
    if not aws_managed:  # KeyRotationStatus is absent for AWS-managed keys
        supp["KeyRotationStatus"] = rotation
    supp["Policy"] = kms_policy(policy_doc)
    if tags:
        supp["Tags"] = [{"tagKey": k, "tagValue": v} for k, v in tags.items()]
    return w.add(Res(acct, region, "AWS::KMS::Key", key_id, arn=arn, az="Not Applicable", created=created,
                     base=base, config=cfg, supp=supp, tags=tags or {}))


def key_policy_default(acct, extra=()):
    return {"Version": "2012-10-17", "Id": "key-default-1",
            "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                           "Principal": {"AWS": f"arn:aws:iam::{acct}:root"}, "Action": "kms:*",
                           "Resource": "*"}] + list(extra)}


def key_policy_aws_managed(acct, region, service):
    return {"Version": "2012-10-17", "Id": f"auto-{service}-2",
            "Statement": [
                {"Sid": f"Allow access through {service.upper()} for all principals in the account that are authorized to use {service.upper()}",
                 "Effect": "Allow", "Principal": {"AWS": "*"},
                 "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                            "kms:CreateGrant", "kms:DescribeKey"], "Resource": "*",
                 "Condition": {"StringEquals": {"kms:ViaService": f"{service}.{region}.amazonaws.com",
                                                "kms:CallerAccount": acct}}},
                {"Sid": "Allow direct access to key metadata to the account", "Effect": "Allow",
                 "Principal": {"AWS": f"arn:aws:iam::{acct}:root"},
                 "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], "Resource": "*"}]}


def recorder(w, acct, region, base, *, include_global, types=None):
    """AWS::Config::ConfigurationRecorder: PascalCase configuration, no ARN/name/AZ (as in real 2026 data)."""
    group = {"AllSupported": types is None, "IncludeGlobalResourceTypes": include_global,
             "ResourceTypes": list(types or []), "ExclusionByResourceTypes": {"ResourceTypes": []},
             "RecordingStrategy": {"UseOnly": "ALL_SUPPORTED_RESOURCE_TYPES" if types is None
                                   else "INCLUSION_BY_RESOURCE_TYPES"}}
    cfg = {"Id": "default", "Name": "default",
           "RoleARN": f"arn:aws:iam::{acct}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
           "RecordingGroup": group, "Recording": True,
           "RecordingMode": {"RecordingFrequency": "CONTINUOUS", "RecordingModeOverrides": []},
           "RecordingScope": "PAID"}
    return w.add(Res(acct, region, "AWS::Config::ConfigurationRecorder", "default", config=cfg, base=base))


def guardduty(w, acct, region, created, base):
    det = hexid(32, "guardduty", acct, region)
    cfg = {"Enable": True, "FindingPublishingFrequency": "SIX_HOURS",
           "DataSources": {"S3Logs": {"Enable": True}, "Kubernetes": {"AuditLogs": {"Enable": False}},
                           "MalwareProtection": {"ScanEc2InstanceWithFindings": {"EbsVolumes": True}}},
           "Id": det, "Tags": []}
    return w.add(Res(acct, region, "AWS::GuardDuty::Detector", det, name=det,
                     arn=f"arn:aws:guardduty:{region}:{acct}:detector/{det}", az="Regional", base=base,
                     config=cfg, supp={"CreatedAt": iso_ms(created)}))


def account_pab(w, acct, region, base, on):
    return w.add(Res(acct, region, "AWS::S3::AccountPublicAccessBlock", acct, az="Not Applicable", base=base,
                     config={"blockPublicAcls": on, "ignorePublicAcls": on, "blockPublicPolicy": on,
                             "restrictPublicBuckets": on}))


def trail(w, acct, region, name, base, *, bucket, multi, validation, kms=None, cwl=None, tags):
    arn = f"arn:aws:cloudtrail:{region}:{acct}:trail/{name}"
    cfg = {"name": name, "s3BucketName": bucket, "includeGlobalServiceEvents": True,
           "isMultiRegionTrail": multi, "homeRegion": region, "trailARN": arn,
           "logFileValidationEnabled": validation}
    if cwl:
        cfg["cloudWatchLogsLogGroupArn"] = cwl[0]
        cfg["cloudWatchLogsRoleArn"] = cwl[1]
    if kms:
        cfg["kmsKeyId"] = kms
    cfg.update({"hasCustomEventSelectors": False, "hasInsightSelectors": False, "isOrganizationTrail": False})
    return w.add(Res(acct, region, "AWS::CloudTrail::Trail", name, arn=arn, az="Regional", base=base,
                     config=cfg, supp={"Tags": kv_tags(tags)}, tags=tags))


# --------------------------------------------------------------------------
# IAM
# --------------------------------------------------------------------------

def trust(service=None, federated=None, conditions=None):
    if service:
        stmt = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    else:
        stmt = {"Effect": "Allow", "Principal": {"Federated": federated},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": conditions}
    return {"Version": "2012-10-17", "Statement": [stmt]}


class Iam:
    """IAM resources of one account. All are awsRegion 'global' and land in the us-east-1 files."""

    def __init__(self, w, acct):
        self.w = w
        self.acct = acct
        self.by_name = {}

    def _add(self, rtype, rid, name, arn, created, base, cfg):
        # IAM items are captured a few seconds after the change, with millisecond precision
        r = self.w.add(Res(self.acct, GLOBAL, rtype, rid, name=name, arn=arn, az="Not Applicable",
                           created=created, base=plus(base, jitter(0.05, 0.95, "iam", rid)), config=cfg))
        self.by_name[(rtype, name)] = r
        return r

    def policy(self, name, created, base, doc, description, *, pretty=True, version="v1", updated=None):
        pid = iam_uid("ANPA", self.acct, name)
        arn = f"arn:aws:iam::{self.acct}:policy/{name}"
        cfg = {"policyName": name, "policyId": pid, "arn": arn, "path": "/", "defaultVersionId": version,
               "attachmentCount": 0, "permissionsBoundaryUsageCount": 0, "isAttachable": True,
               "description": description, "createDate": iso_ms(created),
               "updateDate": iso_ms(updated or created),
               "policyVersionList": [{"document": iam_doc(doc, pretty), "versionId": version,
                                      "isDefaultVersion": True, "createDate": iso_ms(updated or created)}]}
        return self._add("AWS::IAM::Policy", pid, name, arn, created, base, cfg)

    def group(self, name, created, base, *, aws_policies=(), policies=()):
        gid = iam_uid("AGPA", self.acct, name)
        arn = f"arn:aws:iam::{self.acct}:group/{name}"
        cfg = {"path": "/", "groupName": name, "groupId": gid, "arn": arn, "createDate": iso_ms(created),
               "groupPolicyList": [], "attachedManagedPolicies": []}
        g = self._add("AWS::IAM::Group", gid, name, arn, created, base, cfg)
        self._attach(g, aws_policies, policies, "Is attached to Group")
        return g

    def user(self, name, created, base, *, groups=(), aws_policies=(), policies=(), inline=()):
        uid = iam_uid("AIDA", self.acct, name)
        arn = f"arn:aws:iam::{self.acct}:user/{name}"
        cfg = {"path": "/", "userName": name, "userId": uid, "arn": arn, "createDate": iso_ms(created),
               "userPolicyList": [{"policyName": n, "policyDocument": iam_doc(d, True)} for n, d in inline],
               "groupList": [g.name for g in groups], "attachedManagedPolicies": [], "tags": []}
        u = self._add("AWS::IAM::User", uid, name, arn, created, base, cfg)
        for g in groups:
            self.w.link(u, "Is attached to Group", g, "Contains User", with_name=True)
        self._attach(u, aws_policies, policies, "Is attached to User")
        return u

    def role(self, name, created, base, trust_doc, *, path="/", aws_policies=(), policies=(),
             profile=False, description=None, last_used=None, inline=()):
        rid = iam_uid("AROA", self.acct, name)
        arn = f"arn:aws:iam::{self.acct}:role{path}{name}"
        cfg = {"path": path, "roleName": name, "roleId": rid, "arn": arn, "createDate": iso_ms(created),
               "assumeRolePolicyDocument": iam_doc(trust_doc)}
        if description:
            cfg["description"] = description
        cfg["instanceProfileList"] = []
        if profile:
            cfg["instanceProfileList"] = [{
                "path": "/", "instanceProfileName": name, "instanceProfileId": iam_uid("AIPA", self.acct, name),
                "arn": f"arn:aws:iam::{self.acct}:instance-profile/{name}", "createDate": iso_ms(created),
                "roles": [{"path": path, "roleName": name, "roleId": rid, "arn": arn,
                           "createDate": iso_ms(created),
                           "assumeRolePolicyDocument": iam_doc(trust_doc)}]}]
        cfg["rolePolicyList"] = [{"policyName": n, "policyDocument": iam_doc(d, True)} for n, d in inline]
        cfg["attachedManagedPolicies"] = []
        if last_used:
            cfg["roleLastUsed"] = {"lastUsedDate": iso_ms(last_used), "region": USE1}
        cfg["tags"] = []
        r = self._add("AWS::IAM::Role", rid, name, arn, created, base, cfg)
        self._attach(r, aws_policies, policies, "Is attached to Role")
        return r

    def _attach(self, principal, aws_policies, policies, back_name):
        lst = principal.config["attachedManagedPolicies"]
        for pname, parn in aws_policies:
            lst.append({"policyName": pname, "policyArn": parn})
        for p in policies:
            lst.append({"policyName": p.name, "policyArn": p.arn})
            p.config["attachmentCount"] += 1
            self.w.link(principal, "Is attached to CustomerManagedPolicy", p, back_name, with_name=True)

    def instance_profile(self, role_name):
        r = self.by_name[("AWS::IAM::Role", role_name)]
        ip = r.config["instanceProfileList"][0]
        return ip["arn"], ip["instanceProfileId"]


def aws_policy(name, path="/"):
    return (name, f"arn:aws:iam::aws:policy{path}{name}")


IAM_TS = {  # IAM creation dates
    "prod": T("2025-11-04T10:21:37Z"),
    "dev": T("2025-12-01T08:02:11Z"),
}


def build_iam_prod(w):
    a = PROD
    iam = Iam(w, a)
    c0 = IAM_TS["prod"]
    ops = iam.policy("prod-ops-ec2-s3", plus(c0, 3600), plus(c0, 3605), {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Ec2Operations", "Effect": "Allow",
             "Action": ["ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances", "ec2:CreateVolume",
                        "ec2:AttachVolume", "ec2:AuthorizeSecurityGroupIngress",
                        "ec2:RevokeSecurityGroupIngress", "ec2:CreateTags"], "Resource": "*"},
            {"Sid": "BucketAdmin", "Effect": "Allow",
             "Action": ["s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:ListBucket"],
             "Resource": f"arn:aws:s3:::prod-*-{a}"}]},
        "Day-to-day operations on EC2 and S3 buckets")
    uploads_rw = iam.policy("prod-app-uploads-rw", plus(c0, 7200), plus(c0, 7204), {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                       "Resource": f"arn:aws:s3:::prod-app-uploads-{a}/*"},
                      {"Effect": "Allow", "Action": "s3:ListBucket",
                       "Resource": f"arn:aws:s3:::prod-app-uploads-{a}"}]},
        "Web tier access to the uploads bucket")
    orders_rw = iam.policy("prod-orders-data-rw", plus(c0, 7300), plus(c0, 7302), {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
                       "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
                       "Resource": f"arn:aws:dynamodb:{USE1}:{a}:table/prod-sessions"},
                      {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                       "Resource": f"arn:aws:kms:{USE1}:{a}:key/{KEYS['prod-data']}"}]},
        "Order processor access to sessions table and data key", pretty=False)
    logs = iam.policy("prod-logs-delivery", plus(c0, 7400), plus(c0, 7401), {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
                       "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                  "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                       "Resource": f"arn:aws:logs:{USE1}:{a}:log-group:*"}]},
        "Lets CloudTrail and VPC flow logs write to CloudWatch Logs")
    admins = iam.group("prod-admins", plus(c0, 60), plus(c0, 62), aws_policies=[aws_policy("AdministratorAccess")])
    operators = iam.group("prod-operators", plus(c0, 90), plus(c0, 3610),
                          aws_policies=[aws_policy("ReadOnlyAccess")], policies=[ops])
    iam.user("alice.admin", plus(c0, 120), plus(c0, 125), groups=[admins])
    iam.user("bob.ops", plus(c0, 180), plus(c0, 3612), groups=[operators])
    iam.role("prod-web-instance-role", plus(c0, 8000), plus(c0, 8004), trust("ec2.amazonaws.com"),
             aws_policies=[aws_policy("AmazonSSMManagedInstanceCore")], policies=[uploads_rw], profile=True)
    iam.role("prod-batch-instance-role", plus(c0, 8100), plus(c0, 8101), trust("ec2.amazonaws.com"),
             aws_policies=[aws_policy("AmazonSSMManagedInstanceCore")], profile=True)
    iam.role("prod-order-processor-role", plus(c0, 8200), plus(c0, 8203), trust("lambda.amazonaws.com"),
             aws_policies=[aws_policy("AWSLambdaVPCAccessExecutionRole", "/service-role/")],
             policies=[orders_rw])
    # Created by the console's flow-log wizard, which writes an inline policy (IAM_NO_INLINE_POLICY_CHECK).
    iam.role("prod-vpc-flowlogs-role", plus(c0, 8300), plus(c0, 8302), trust("vpc-flow-logs.amazonaws.com"),
             inline=[("flowlogs-delivery", {
                 "Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow",
                                "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                                           "logs:DescribeLogStreams"],
                                "Resource": f"arn:aws:logs:{USE1}:{a}:log-group:/vpc/prod-vpc-flow-logs:*"}]})])
    iam.role("prod-cloudtrail-cwl-role", plus(c0, 8400), plus(c0, 8401), trust("cloudtrail.amazonaws.com"),
             policies=[logs])
    iam.role("AWSServiceRoleForConfig", plus(c0, 30), plus(c0, 31), trust("config.amazonaws.com"),
             path="/aws-service-role/config.amazonaws.com/",
             aws_policies=[aws_policy("AWSConfigServiceRolePolicy", "/aws-service-role/")],
             description="Allows Config to call AWS services and collect resource configurations on your behalf.")
    return iam


def build_iam_dev(w):
    a = DEV
    iam = Iam(w, a)
    c0 = IAM_TS["dev"]
    admin = iam.policy("dev-legacy-admin", plus(c0, 600), plus(c0, 604), {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        "Old catch-all policy from the sandbox days")
    deploy = iam.policy("dev-deploy-lambda", plus(c0, 900), plus(c0, 903), {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "ManageReportFunction", "Effect": "Allow",
                       "Action": ["lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction",
                                  "lambda:ListFunctions", "lambda:UpdateFunctionCode",
                                  "lambda:UpdateFunctionConfiguration"],
                       "Resource": "*"},
                      {"Sid": "PassReportRole", "Effect": "Allow", "Action": "iam:PassRole",
                       "Resource": f"arn:aws:iam::{a}:role/dev-report-generator-role"}]},
        "CI deployment of the report generator")
    devs = iam.group("developers", plus(c0, 300), plus(c0, 610), policies=[admin])
    iam.user("carol.dev", plus(c0, 400), plus(c0, 611), groups=[devs])
    inline = []
    if w.has("dev_inline_policy"):
        inline = [("ci-deploy-inline", {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
                           "Resource": f"arn:aws:s3:::dev-public-website-{a}/*"}]})]
    iam.user("dev-ci-deployer", plus(c0, 500), plus(c0, 905), policies=[deploy], inline=inline)
    iam.role("dev-report-generator-role", plus(c0, 1000), plus(c0, 1001), trust("lambda.amazonaws.com"),
             aws_policies=[aws_policy("AWSLambdaBasicExecutionRole", "/service-role/")])
    iam.role("dev-ec2-role", plus(c0, 1100), plus(c0, 1101), trust("ec2.amazonaws.com"),
             aws_policies=[aws_policy("AmazonSSMManagedInstanceCore")], profile=True)
    iam.role("dev-deploy-role", plus(c0, 1200), plus(c0, 1204),
             trust(federated=f"arn:aws:iam::{a}:oidc-provider/token.actions.githubusercontent.com",
                   conditions={"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                               "StringLike": {"token.actions.githubusercontent.com:sub":
                                              "repo:example-org/report-generator:*"}}),
             policies=[deploy])
    iam.role("AWSServiceRoleForConfig", plus(c0, 20), plus(c0, 21), trust("config.amazonaws.com"),
             path="/aws-service-role/config.amazonaws.com/",
             aws_policies=[aws_policy("AWSConfigServiceRolePolicy", "/aws-service-role/")],
             description="Allows Config to call AWS services and collect resource configurations on your behalf.")
    return iam


# --------------------------------------------------------------------------
# fixed ids shared by the CI builders, the CloudTrail records and the README
# --------------------------------------------------------------------------

KEYS = {
    "prod-data": uuid("kms", PROD, USE1, "prod-data"),
    "prod-cloudtrail": uuid("kms", PROD, USE1, "prod-cloudtrail"),
    "prod-aws-ebs": uuid("kms", PROD, USE1, "aws/ebs"),
    "prod-eu-aurora": uuid("kms", PROD, EUW1, "prod-eu-aurora"),
    "dev-app": uuid("kms", DEV, USE1, "dev-app"),
}


def key_arn(acct, region, name):
    return f"arn:aws:kms:{region}:{acct}:key/{KEYS[name]}"


# network ids: ID[(acct, region, kind, name)]
def nid(prefix, acct, region, name):
    return ec2id(prefix, acct, region, name)


P_VPC = nid("vpc", PROD, USE1, "prod-vpc")
P_SUB = {n: nid("subnet", PROD, USE1, n) for n in ("prod-public-a", "prod-public-b", "prod-private-a", "prod-private-b")}
P_SG = {n: nid("sg", PROD, USE1, n) for n in ("default", "prod-alb-sg", "prod-web-sg", "prod-db-sg", "prod-lambda-sg",
                                                "prod-batch-sg")}
P_I = {n: nid("i", PROD, USE1, n) for n in ("prod-web-1", "prod-web-2", "prod-batch-1")}
P_ENI = {n: nid("eni", PROD, USE1, n) for n in ("prod-web-1", "prod-web-2", "prod-batch-1", "alb-a", "alb-b")}
P_VOL = {n: nid("vol", PROD, USE1, n) for n in ("prod-web-1-root", "prod-web-2-root", "prod-batch-1-root", "prod-web-1-data")}
P_EIP = nid("eipalloc", PROD, USE1, "prod-web-1-eip")
P_ALB_SUFFIX = hexid(16, "alb", PROD)
P_ALB_ARN = f"arn:aws:elasticloadbalancing:{USE1}:{PROD}:loadbalancer/app/prod-alb/{P_ALB_SUFFIX}"
P_TG_ARN = f"arn:aws:elasticloadbalancing:{USE1}:{PROD}:targetgroup/prod-web-tg/{hexid(16, 'tg', PROD)}"
P_CERT_ARN = f"arn:aws:acm:{USE1}:{PROD}:certificate/{uuid('acm', PROD, 'app.example.com')}"
P_ASG_ARN = (f"arn:aws:autoscaling:{USE1}:{PROD}:autoScalingGroup:{uuid('asg', PROD)}"
             f":autoScalingGroupName/prod-web-asg")
PE_VPC = nid("vpc", PROD, EUW1, "prod-eu-vpc")
PE_SUB = {n: nid("subnet", PROD, EUW1, n) for n in ("prod-eu-db-a", "prod-eu-db-b")}
PE_SG = {n: nid("sg", PROD, EUW1, n) for n in ("default", "prod-eu-aurora-sg")}
D_VPC = nid("vpc", DEV, USE1, "dev-vpc")
D_SUB = {n: nid("subnet", DEV, USE1, n) for n in ("dev-public-a", "dev-public-b")}
D_SG = {n: nid("sg", DEV, USE1, n) for n in ("default", "dev-bastion-sg", "dev-app-sg", "dev-elb-sg", "dev-db-public-sg")}
D_I = {n: nid("i", DEV, USE1, n) for n in ("dev-jumpbox", "dev-app-1")}
D_ENI = {n: nid("eni", DEV, USE1, n) for n in ("dev-jumpbox", "dev-app-1")}
D_VOL = {n: nid("vol", DEV, USE1, n) for n in ("dev-jumpbox-root", "dev-app-1-root", "dev-orphan-data")}
D_EIP = nid("eipalloc", DEV, USE1, "dev-unused-eip")
DE_VPC = nid("vpc", DEV, EUW1, "dev-eu-vpc")
DE_SUB = nid("subnet", DEV, EUW1, "dev-eu-public-a")
DE_SG = {n: nid("sg", DEV, EUW1, n) for n in ("default", "dev-eu-windows-sg")}
DE_I = nid("i", DEV, EUW1, "dev-eu-win-1")
DE_ENI = nid("eni", DEV, EUW1, "dev-eu-win-1")
DE_VOL = nid("vol", DEV, EUW1, "dev-eu-win-1-root")
DE_ACL = nid("acl", DEV, EUW1, "default")  # not recorded: dev eu-west-1 records a type list without NetworkAcl

RDS_PROD_DBI = "db-" + b32(26, "dbi", PROD, "prod-orders-db")
RDS_DEV_DBI = "db-" + b32(26, "dbi", DEV, "dev-analytics-db")
RDS_EU_DBI = "db-" + b32(26, "dbi", PROD, "prod-eu-reporting-1")
RDS_EU_CLUSTER = "cluster-" + b32(26, "cluster", PROD, "prod-eu-reporting")
RDS_ENDPOINT_SUFFIX = {PROD: "c9akciq32.us-east-1", DEV: "cr7xq1lm0.us-east-1", "eu": "c9akciq32.eu-west-1"}

OFFICE = "203.0.113.0/24"
OFFICE2 = "198.51.100.0/24"


# --------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------

def build(applied):
    w = World(frozenset(applied))
    iam_prod = build_iam_prod(w)
    iam_dev = build_iam_dev(w)
    build_prod_use1(w, iam_prod)
    build_prod_euw1(w)
    build_dev_use1(w, iam_dev)
    build_dev_euw1(w)
    return w


def net_common(w, acct, region, *, vpc_id, vpc_name, cidr, subnets, created, base, igw=True, acl_recorded=True,
               route_tables=None):
    """VPC + subnets + IGW + default NACL + route tables, with the relationships on both ends.

    subnets: list of (name, cidr, az, public, free_ips)
    route_tables: list of (name, main, [subnet names], has_igw_route)
    Returns dict of Res by logical name.
    """
    out = {}
    dopt = nid("dopt", acct, region, "dhcp")
    vpc = w.add(Res(acct, region, "AWS::EC2::VPC", vpc_id, arn=f"arn:aws:ec2:{region}:{acct}:vpc/{vpc_id}",
                    az="Multiple Availability Zones", base=base,
                    config=vpc_cfg(acct, vpc_id, cidr, {"Name": vpc_name}, dopt), tags={"Name": vpc_name}))
    out["vpc"] = vpc
    for sname, scidr, az, public, free in subnets:
        sid = nid("subnet", acct, region, sname)
        s = w.add(Res(acct, region, "AWS::EC2::Subnet", sid, arn=f"arn:aws:ec2:{region}:{acct}:subnet/{sid}",
                      az=az, base=plus(base, 4 + len(out)),
                      config=subnet_cfg(acct, region, sid, vpc_id, scidr, az, public, free, {"Name": sname}),
                      tags={"Name": sname}))
        w.link(s, "Is contained in Vpc", vpc, "Contains Subnet")
        out[sname] = s
    if igw:
        igw_id = nid("igw", acct, region, vpc_name)
        g = w.add(Res(acct, region, "AWS::EC2::InternetGateway", igw_id,
                      arn=f"arn:aws:ec2:{region}:{acct}:internet-gateway/{igw_id}", az="Multiple Availability Zones",
                      base=plus(base, 20),
                      config={"attachments": [{"state": "available", "vpcId": vpc_id}], "internetGatewayId": igw_id,
                              "ownerId": acct, "tags": ec2_tags({"Name": vpc_name + "-igw"})},
                      tags={"Name": vpc_name + "-igw"}))
        w.link(g, "Is attached to Vpc", vpc, "Is attached to InternetGateway")
        out["igw"] = g
    acl_id = nid("acl", acct, region, "default")
    entries = [{"cidrBlock": "0.0.0.0/0", "egress": eg, "protocol": "-1", "ruleAction": act, "ruleNumber": n}
               for eg in (True, False) for act, n in (("allow", 100), ("deny", 32767))]
    subnet_res = [out[s[0]] for s in subnets]
    if acl_recorded:
        acl = w.add(Res(acct, region, "AWS::EC2::NetworkAcl", acl_id,
                        arn=f"arn:aws:ec2:{region}:{acct}:network-acl/{acl_id}", az="Multiple Availability Zones",
                        base=plus(base, 30),
                        config={"associations": [{"networkAclAssociationId": ec2id("aclassoc", acl_id, s.rid),
                                                  "networkAclId": acl_id, "subnetId": s.rid} for s in subnet_res],
                                "entries": entries, "isDefault": True, "networkAclId": acl_id, "tags": [],
                                "vpcId": vpc_id, "ownerId": acct}))
        w.link(acl, "Is contained in Vpc", vpc, "Contains NetworkAcl")
        for s in subnet_res:
            w.link(acl, "Is attached to Subnet", s, "Is attached to NetworkAcl")
        out["acl"] = acl
    else:
        # The subnet and VPC still name the default NACL, which this recorder does not record.
        w.rel_raw(vpc, "Contains NetworkAcl", "AWS::EC2::NetworkAcl", acl_id)
        for s in subnet_res:
            w.rel_raw(s, "Is attached to NetworkAcl", "AWS::EC2::NetworkAcl", acl_id)
    for rname, main, snames, igw_route in route_tables or []:
        rtb_id = nid("rtb", acct, region, rname)
        routes = [{"destinationCidrBlock": cidr, "gatewayId": "local", "origin": "CreateRouteTable", "state": "active"}]
        if igw_route:
            routes.append({"destinationCidrBlock": "0.0.0.0/0", "gatewayId": out["igw"].rid, "origin": "CreateRoute",
                           "state": "active"})
        assocs = []
        if main:
            assocs.append({"main": True, "routeTableAssociationId": ec2id("rtbassoc", rtb_id, "main"),
                           "routeTableId": rtb_id, "associationState": {"state": "associated"}})
        for sn in snames:
            assocs.append({"main": False, "routeTableAssociationId": ec2id("rtbassoc", rtb_id, sn),
                           "routeTableId": rtb_id, "subnetId": out[sn].rid,
                           "associationState": {"state": "associated"}})
        rt = w.add(Res(acct, region, "AWS::EC2::RouteTable", rtb_id,
                       arn=f"arn:aws:ec2:{region}:{acct}:route-table/{rtb_id}", az="Not Applicable",
                       base=plus(base, 40 + len(routes)),
                       config={"associations": assocs, "propagatingVgws": [], "routeTableId": rtb_id, "routes": routes,
                               "tags": ec2_tags({"Name": rname}), "vpcId": vpc_id, "ownerId": acct},
                       tags={"Name": rname}))
        w.link(rt, "Is contained in Vpc", vpc, "Contains RouteTable")
        for sn in snames:
            w.link(rt, "Contains Subnet", out[sn], "Is contained in RouteTable")
        out[rname] = rt
    return out


def sg(w, acct, region, gid, name, description, vpc, base, *, ingress, egress, tags=None):
    tags = tags if tags is not None else ({"Name": name} if name != "default" else {})
    r = w.add(Res(acct, region, "AWS::EC2::SecurityGroup", gid, name=name,
                  arn=f"arn:aws:ec2:{region}:{acct}:security-group/{gid}", az="Not Applicable", base=base,
                  config={"description": description, "groupName": name, "ipPermissions": ingress, "ownerId": acct,
                          "groupId": gid, "ipPermissionsEgress": egress, "tags": ec2_tags(tags), "vpcId": vpc.rid},
                  tags=tags))
    w.link(r, "Is contained in Vpc", vpc, "Contains SecurityGroup")
    return r


def instance(w, acct, region, iid, *, name, net, subnet, sgs, eni_id, ip, launch, base, volumes, itype, ami,
             state="running", public_ip=None, eip=None, profile=None, key_name=None, windows=False,
             stop_reason=None, extra_tags=None, cores=1, eni_base=None):
    """Instance + its primary ENI + its volumes, relationships on both ends.

    volumes: list of dicts {id, dev, size, enc, kms, created, attached, dot, base}
    """
    subnet_r = net[subnet]
    vpc = net["vpc"]
    az = subnet_r.az
    tags = {"Name": name}
    tags.update(extra_tags or {})
    groups = [(g.name, g.rid) for g in sgs]
    ip_owner = acct if eip else "amazon"
    pub = eip or public_ip
    cfg = instance_cfg(acct, region, iid, ami=ami, itype=itype, az=az, subnet_id=subnet_r.rid, vpc_id=vpc.rid,
                       ip=ip, groups=groups, eni_id=eni_id, launch=launch,
                       volumes=[(v["dev"], v["id"], v["attached"], v["dot"]) for v in volumes],
                       state=state, public_ip=pub, ip_owner=ip_owner, key_name=key_name, profile=profile,
                       tags=tags, windows=windows, stop_reason=stop_reason, cores=cores)
    inst = w.add(Res(acct, region, "AWS::EC2::Instance", iid, arn=f"arn:aws:ec2:{region}:{acct}:instance/{iid}",
                     az=az, created=launch, base=base, config=cfg, tags=tags))
    w.link(inst, "Is contained in Subnet", subnet_r, "Contains Instance")
    w.link(inst, "Is contained in Vpc", vpc, "Contains Instance")
    for g in sgs:
        w.link(inst, "Is associated with SecurityGroup", g, "Is associated with Instance")
    attach = {"attachTime": iso_ms(launch), "attachmentId": ec2id("eni-attach", eni_id), "deleteOnTermination": True,
              "deviceIndex": 0, "networkCardIndex": 0, "instanceId": iid, "instanceOwnerId": acct,
              "status": "attached"}
    shows_public = bool(pub) and (state == "running" or bool(eip))
    eni = w.add(Res(acct, region, "AWS::EC2::NetworkInterface", eni_id,
                    arn=f"arn:aws:ec2:{region}:{acct}:network-interface/{eni_id}", az=az,
                    base=eni_base or plus(launch, 9.5),
                    config=eni_block(acct, region, eni_id, subnet_r.rid, vpc.rid, ip, groups, attach=attach,
                                     public_ip=pub if shows_public else None, ip_owner=ip_owner,
                                     as_resource=True, az=az)))
    w.link(inst, "Contains NetworkInterface", eni, "Is attached to Instance")
    w.link(eni, "Is contained in Subnet", subnet_r, "Contains NetworkInterface")
    w.link(eni, "Is contained in Vpc", vpc, "Contains NetworkInterface")
    for g in sgs:
        w.link(eni, "Is associated with SecurityGroup", g, "Is associated with NetworkInterface")
    for v in volumes:
        root = v["dev"] in ("/dev/xvda", "/dev/sda1")
        vol = w.add(Res(acct, region, "AWS::EC2::Volume", v["id"],
                        arn=f"arn:aws:ec2:{region}:{acct}:volume/{v['id']}", az=az, created=v["created"],
                        base=v["base"], tags={"Name": f"{name}-{'root' if root else 'data'}"},
                        config=volume_cfg(v["id"], az, v["size"], v["created"], encrypted=v["enc"], kms=v["kms"],
                                          attach=(iid, v["dev"], v["attached"], v["dot"]),
                                          snapshot=ec2id("snap", ami) if root else "",
                                          tags={"Name": f"{name}-{'root' if root else 'data'}"})))
        w.link(vol, "Is attached to Instance", inst, "Is attached to Volume")
    return inst, eni


def root_volume(acct, region, name, launch, size, kms, base=None):
    return {"id": nid("vol", acct, region, name + "-root"), "dev": "/dev/xvda", "size": size, "enc": True,
            "kms": kms, "created": plus(launch, 0.4), "attached": plus(launch, 1), "dot": True,
            "base": base or plus(launch, 31.207)}


def standalone_volume(w, acct, region, vid, az, size, created, base, *, enc, kms=None, name):
    return w.add(Res(acct, region, "AWS::EC2::Volume", vid, arn=f"arn:aws:ec2:{region}:{acct}:volume/{vid}", az=az,
                     created=created, base=base,
                     config=volume_cfg(vid, az, size, created, encrypted=enc, kms=kms, tags={"Name": name}),
                     tags={"Name": name}))


def eip(w, acct, region, alloc, public_ip, base, *, eni=None, inst=None, name=None):
    cfg = {"publicIp": public_ip, "allocationId": alloc}
    if eni is not None:
        cfg["associationId"] = ec2id("eipassoc", alloc)
    cfg["domain"] = "vpc"
    if inst is not None:
        cfg["instanceId"] = inst.rid
    if eni is not None:
        cfg["networkInterfaceId"] = eni.rid
        cfg["networkInterfaceOwnerId"] = acct
        cfg["privateIpAddress"] = eni.config["privateIpAddress"]
    tags = {"Name": name} if name else {}
    cfg["tags"] = ec2_tags(tags)
    cfg["publicIpv4Pool"] = "amazon"
    cfg["networkBorderGroup"] = region
    r = w.add(Res(acct, region, "AWS::EC2::EIP", alloc, name=public_ip,
                  arn=f"arn:aws:ec2:{region}:{acct}:eip-allocation/{alloc}", az="Not Applicable", base=base,
                  config=cfg, tags=tags))
    if eni is not None:
        w.link(r, "Is attached to NetworkInterface", eni, "Is attached to ElasticIp")
    return r


def db_subnet_group(w, acct, region, name, description, vpc, subnets, base):
    cfg = {"dBSubnetGroupName": name, "dBSubnetGroupDescription": description, "vpcId": vpc.rid,
           "subnetGroupStatus": "Complete",
           "subnets": [{"subnetIdentifier": s.rid, "subnetAvailabilityZone": {"name": s.az}, "subnetOutpost": {},
                        "subnetStatus": "Active"} for s in subnets],
           "dBSubnetGroupArn": f"arn:aws:rds:{region}:{acct}:subgrp:{name}", "supportedNetworkTypes": ["IPV4"]}
    tags = {"Name": name}
    r = w.add(Res(acct, region, "AWS::RDS::DBSubnetGroup", name, name=name,
                  arn=f"arn:aws:rds:{region}:{acct}:subgrp:{name}", az="Multiple Availability Zones", base=base,
                  config=cfg, supp={"Tags": kv_tags(tags)}, tags=tags))
    for s in subnets:
        w.rel(r, "Is associated with Subnet", s)
    w.rel(r, "Is associated with Vpc", vpc)
    return r


def db_instance(w, acct, region, ident, dbi, *, engine, version, klass, subnet_group, sg_res, az, created, base,
                public, encrypted, kms=None, multi_az, retention, storage, port, endpoint_suffix, tags,
                logs=(), deletion_protection=False, cluster=None, param_group, option_group, license_model,
                perf_insights=False, iam_auth=False, master="dbadmin"):
    arn = f"arn:aws:rds:{region}:{acct}:db:{ident}"
    sgc = subnet_group.config
    cfg = {"dBInstanceIdentifier": ident, "dBInstanceClass": klass, "engine": engine,
           "dBInstanceStatus": "available", "masterUsername": master,
           "endpoint": {"address": f"{ident}.{endpoint_suffix}.rds.amazonaws.com", "port": port,
                        "hostedZoneId": "Z2R2ITUGPM61AM" if region == USE1 else "Z29XKXDKYMONMX"},
           "allocatedStorage": storage, "instanceCreateTime": iso_ms(created),
           "preferredBackupWindow": "03:10-03:40", "backupRetentionPeriod": retention, "dBSecurityGroups": [],
           "vpcSecurityGroups": [{"vpcSecurityGroupId": g.rid, "status": "active"} for g in sg_res],
           "dBParameterGroups": [{"dBParameterGroupName": param_group, "parameterApplyStatus": "in-sync"}],
           "availabilityZone": az,
           "dBSubnetGroup": {k: sgc[k] for k in ("dBSubnetGroupName", "dBSubnetGroupDescription", "vpcId",
                                                   "subnetGroupStatus", "subnets")},
           "preferredMaintenanceWindow": "sun:05:00-sun:05:30",
           "pendingModifiedValues": {"processorFeatures": []}, "multiAZ": multi_az, "engineVersion": version,
           "autoMinorVersionUpgrade": True, "readReplicaDBInstanceIdentifiers": [],
           "readReplicaDBClusterIdentifiers": [], "licenseModel": license_model,
           "optionGroupMemberships": [{"optionGroupName": option_group, "status": "in-sync"}]}
    if multi_az:
        cfg["secondaryAvailabilityZone"] = [s for s in sgc["subnets"]
                                            if s["subnetAvailabilityZone"]["name"] != az][0]["subnetAvailabilityZone"]["name"]
    cfg.update({"publiclyAccessible": public, "statusInfos": [],
                "storageType": "aurora" if cluster else "gp3", "dbInstancePort": 0})
    if cluster:
        cfg["dBClusterIdentifier"] = cluster
    cfg["storageEncrypted"] = encrypted
    if kms:
        cfg["kmsKeyId"] = kms
    cfg.update({"dbiResourceId": dbi, "cACertificateIdentifier": "rds-ca-rsa2048-g1", "domainMemberships": [],
                "copyTagsToSnapshot": True, "monitoringInterval": 0, "promotionTier": 1 if cluster else None,
                "dBInstanceArn": arn, "iAMDatabaseAuthenticationEnabled": iam_auth,
                "performanceInsightsEnabled": perf_insights, "enabledCloudwatchLogsExports": list(logs),
                "processorFeatures": [], "deletionProtection": deletion_protection, "associatedRoles": [],
                "tagList": kv_tags(tags), "dBInstanceAutomatedBackupsReplications": [],
                "customerOwnedIpEnabled": False, "backupTarget": "region", "networkType": "IPV4",
                "storageThroughput": 0 if cluster else 125,
                "certificateDetails": {"cAIdentifier": "rds-ca-rsa2048-g1",
                                       "validTill": iso_ms(plus(created, 365 * 86400).replace(microsecond=0))},
                "dedicatedLogVolume": False, "engineLifecycleSupport": "open-source-rds-extended-support"})
    if cfg["promotionTier"] is None:
        del cfg["promotionTier"]
    r = w.add(Res(acct, region, "AWS::RDS::DBInstance", dbi, name=ident, arn=arn, az=az, created=created,
                  base=base, config=cfg, supp={"Tags": kv_tags(tags)}, tags=tags))
    w.rel(r, "Is associated with DBSubnetGroup", subnet_group)
    for g in sg_res:
        w.rel(r, "Is associated with SecurityGroup", g)
    return r


def lambda_fn(w, acct, region, name, *, runtime, role, handler, code_size, timeout, memory, modified, base,
              vpc=None, arch="arm64", description="", tags=None, env_logs=None):
    arn = f"arn:aws:lambda:{region}:{acct}:function:{name}"
    cfg = {"functionName": name, "functionArn": arn, "runtime": runtime, "role": role.arn, "handler": handler,
           "codeSize": code_size, "description": description, "timeout": timeout, "memorySize": memory,
           "lastModified": lambda_ts(modified), "codeSha256": base64_of(_h("code", name, runtime, modified)),
           "version": "$LATEST"}
    if vpc:
        subnets, sgs = vpc
        cfg["vpcConfig"] = {"subnetIds": [s.rid for s in subnets], "securityGroupIds": [g.rid for g in sgs],
                            "ipv6AllowedForDualStack": False}
    cfg.update({"tracingConfig": {"mode": "PassThrough"}, "revisionId": uuid("rev", name, modified),
                "layers": [], "state": "Active", "lastUpdateStatus": "Successful", "fileSystemConfigs": [],
                "packageType": "Zip", "architectures": [arch], "ephemeralStorage": {"size": 512},
                "snapStart": {"applyOn": "None", "optimizationStatus": "Off"},
                "runtimeVersionConfig": {"runtimeVersionArn": f"arn:aws:lambda:{region}::runtime:{_h('rt', runtime)}"},
                "loggingConfig": {"logFormat": "Text", "logGroup": f"/aws/lambda/{name}"}})
    tags = tags or {}
    r = w.add(Res(acct, region, "AWS::Lambda::Function", name, name=name, arn=arn, az="Not Applicable", base=base,
                  config=cfg, supp={"Tags": dict(tags)}, tags=tags))
    # Lambda names its role by resourceName only, with the truncated verb (aws-config-formats.md §7.1).
    w.rel(r, "Is associated with ", role, by_name=True)
    if vpc:
        for g in vpc[1]:
            w.rel(r, "Is associated with ", g)
        for s in vpc[0]:
            w.rel(r, "Is contained in ", s)
    return r


def base64_of(hex_digest):
    import base64
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def dynamodb_table(w, acct, region, name, created, base, *, pitr, tags, key="id"):
    arn = f"arn:aws:dynamodb:{region}:{acct}:table/{name}"
    cfg = {"attributeDefinitions": [{"attributeName": key, "attributeType": "S"}], "tableName": name,
           "keySchema": [{"attributeName": key, "keyType": "HASH"}], "tableStatus": "ACTIVE",
           "creationDateTime": epoch_ms(created),
           "provisionedThroughput": {"numberOfDecreasesToday": 0, "readCapacityUnits": 0, "writeCapacityUnits": 0},
           "tableArn": arn, "tableId": uuid("ddb", acct, name),
           "billingModeSummary": {"billingMode": "PAY_PER_REQUEST",
                                  "lastUpdateToPayPerRequestDateTime": epoch_ms(created)},
           "deletionProtectionEnabled": True}
    supp = {"ContinuousBackupsDescription": {
        "continuousBackupsStatus": "ENABLED",
        "pointInTimeRecoveryDescription": {"pointInTimeRecoveryStatus": "ENABLED" if pitr else "DISABLED"}},
        "Tags": kv_tags(tags)}
    return w.add(Res(acct, region, "AWS::DynamoDB::Table", name, name=name, arn=arn, az="Not Applicable",
                     created=created, base=base, config=cfg, supp=supp, tags=tags))


def flow_log(w, acct, region, vpc, created, base, role_arn, log_group):
    fl = nid("fl", acct, region, vpc.rid)
    cfg = {"creationTime": epoch_ms(created), "deliverLogsPermissionArn": role_arn, "deliverLogsStatus": "SUCCESS",
           "flowLogId": fl, "flowLogStatus": "ACTIVE", "logGroupName": log_group, "resourceId": vpc.rid,
           "trafficType": "ALL", "logDestinationType": "cloud-watch-logs",
           "logDestination": f"arn:aws:logs:{region}:{acct}:log-group:{log_group}",
           "logFormat": "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
                        "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
           "tags": ec2_tags({"Name": "prod-vpc-flow-log"}), "maxAggregationInterval": 600}
    return w.add(Res(acct, region, "AWS::EC2::FlowLog", fl, arn=f"arn:aws:ec2:{region}:{acct}:vpc-flow-log/{fl}",
                     az="Not Applicable", created=created, base=base, config=cfg,
                     tags={"Name": "prod-vpc-flow-log"}))


AMI = {"al2023": ec2id("ami", "al2023-2025.12"), "al2023-old": ec2id("ami", "al2023-2025.06"),
       "win2022": ec2id("ami", "windows-2022-2026.01")}


def build_prod_use1(w, iam):
    a, r = PROD, USE1
    t0 = T("2026-01-12T09:30:00Z")
    recorder(w, a, r, T("2025-11-04T11:02:18.552Z"), include_global=True)
    account_pab(w, a, r, T("2025-11-04T11:40:02.118Z"), True)
    guardduty(w, a, r, T("2025-11-04T11:20:41.907Z"), T("2025-11-04T11:21:07.385Z"))
    net = net_common(w, a, r, vpc_id=P_VPC, vpc_name="prod-vpc", cidr="10.10.0.0/16", created=t0,
                     base=plus(t0, 12.481),
                     subnets=[("prod-public-a", "10.10.0.0/24", "us-east-1a", True, 245),
                              ("prod-public-b", "10.10.1.0/24", "us-east-1b", True, 247),
                              ("prod-private-a", "10.10.10.0/24", "us-east-1a", False, 246),
                              ("prod-private-b", "10.10.11.0/24", "us-east-1b", False, 248)],
                     route_tables=[("prod-public-rt", False, ["prod-public-a", "prod-public-b"], True),
                                   ("prod-private-rt", True, ["prod-private-a", "prod-private-b"], False)])
    vpc = net["vpc"]
    sgs = {}
    sgs["default"] = sg(w, a, r, P_SG["default"], "default", "default VPC security group", vpc, plus(t0, 95.301),
                        ingress=[], egress=[])  # closed per CIS 5.4: compliant
    sgs["alb"] = sg(w, a, r, P_SG["prod-alb-sg"], "prod-alb-sg", "Public HTTPS to the ALB", vpc, plus(t0, 301.77),
                    ingress=[perm(a, "tcp", 80, 80, v4=[("0.0.0.0/0", None)], v6=[("::/0", None)]),
                             perm(a, "tcp", 443, 443, v4=[("0.0.0.0/0", None)], v6=[("::/0", None)])],
                    egress=egress_all(a))
    web_in = [perm(a, "tcp", 80, 80, groups=[(P_SG["prod-alb-sg"], "from ALB")]),
              perm(a, "tcp", 443, 443, groups=[(P_SG["prod-alb-sg"], "from ALB")])]
    web_base = plus(t0, 305.2)
    if w.has("prod_ssh_opened"):
        web_in.append(perm(a, "tcp", 22, 22, v4=[("0.0.0.0/0", "temp debug - bob")]))
    sgs["web"] = sg(w, a, r, P_SG["prod-web-sg"], "prod-web-sg", "Web tier", vpc, web_base, ingress=web_in,
                    egress=egress_all(a))
    sgs["db"] = sg(w, a, r, P_SG["prod-db-sg"], "prod-db-sg", "Orders database", vpc, plus(t0, 310.9),
                   ingress=[perm(a, "tcp", 5432, 5432, groups=[(P_SG["prod-web-sg"], "web tier"),
                                                              (P_SG["prod-lambda-sg"], "order processor")])],
                   egress=[])
    sgs["lambda"] = sg(w, a, r, P_SG["prod-lambda-sg"], "prod-lambda-sg", "Order processor function", vpc,
                       plus(t0, 312.4),
                       ingress=[], egress=[perm(a, "tcp", 443, 443, v4=[("0.0.0.0/0", None)]),
                                           perm(a, "tcp", 5432, 5432, groups=[(P_SG["prod-db-sg"], None)])])

    sgs["batch"] = sg(w, a, r, P_SG["prod-batch-sg"], "prod-batch-sg", "Batch workers (outbound only)", vpc,
                      plus(t0, 318.05), ingress=[], egress=egress_all(a))
    ebs_key = key_arn(a, r, "prod-aws-ebs")
    # web-1 and web-2 come from the Auto Scaling group
    asg_tags = {"aws:autoscaling:groupName": "prod-web-asg", "Environment": "prod"}
    l1 = T("2026-02-02T10:14:07Z")
    l2 = T("2026-02-02T10:14:09Z")
    web1_vols = [root_volume(a, r, "prod-web-1", l1, 20, ebs_key)]
    if w.has("prod_volume_attached"):
        web1_vols.append({"id": P_VOL["prod-web-1-data"], "dev": "/dev/sdf", "size": 100, "enc": False, "kms": None,
                          "created": plus(EVENT_TIME["prod_volume_created"], 0.611),
                          "attached": plus(EVENT_TIME["prod_volume_attached"], 0.402), "dot": False, "base": None})
    elif w.has("prod_volume_created"):
        standalone_volume(w, a, r, P_VOL["prod-web-1-data"], "us-east-1a", 100,
                          plus(EVENT_TIME["prod_volume_created"], 0.611), None, enc=False, name="prod-web-1-data")
    web1, eni1 = instance(w, a, r, P_I["prod-web-1"], name="prod-web-1", net=net, subnet="prod-public-a",
                          sgs=[sgs["web"]], eni_id=P_ENI["prod-web-1"], ip="10.10.0.21", launch=l1,
                          base=T("2026-02-02T10:16:40.118Z"), volumes=web1_vols, itype="t3.medium",
                          ami=AMI["al2023"], eip="3.222.41.17",
                          profile=iam.instance_profile("prod-web-instance-role"), extra_tags=asg_tags)
    web2, _ = instance(w, a, r, P_I["prod-web-2"], name="prod-web-2", net=net, subnet="prod-public-b",
                       sgs=[sgs["web"]], eni_id=P_ENI["prod-web-2"], ip="10.10.1.34", launch=l2,
                       base=T("2026-02-02T10:14:52.664Z"),
                       volumes=[root_volume(a, r, "prod-web-2", l2, 20, ebs_key)], itype="t3.medium",
                       ami=AMI["al2023"], public_ip="44.201.88.130",
                       profile=iam.instance_profile("prod-web-instance-role"), extra_tags=asg_tags)
    lb = T("2026-01-20T08:03:51Z")
    batch_state, batch_reason = "running", None
    if w.has("prod_batch_stopping"):
        batch_state = "stopped" if w.has("prod_batch_stopped") else "stopping"
        batch_reason = "User initiated (2026-03-10 14:22:05 GMT)"
    instance(w, a, r, P_I["prod-batch-1"], name="prod-batch-1", net=net, subnet="prod-private-a", sgs=[sgs["batch"]],
             eni_id=P_ENI["prod-batch-1"], ip="10.10.10.37", launch=lb, base=T("2026-01-20T08:04:22.930Z"),
             volumes=[root_volume(a, r, "prod-batch-1", lb, 50, ebs_key)], itype="m5.large", ami=AMI["al2023-old"],
             profile=iam.instance_profile("prod-batch-instance-role"), state=batch_state, stop_reason=batch_reason,
             extra_tags={"Environment": "prod", "Schedule": "nightly"}, cores=1)
    eip(w, a, r, P_EIP, "3.222.41.17", T("2026-02-02T10:16:39.871Z"), eni=eni1, inst=web1, name="prod-web-1-eip")

    # ALB with its two requester-managed ENIs
    alb_created = T("2026-01-14T15:02:40.512Z")
    pub_a, pub_b = net["prod-public-a"], net["prod-public-b"]
    for key, subnet_r, ip, pip in (("alb-a", pub_a, "10.10.0.148", "52.4.199.21"),
                                   ("alb-b", pub_b, "10.10.1.201", "34.226.77.102")):
        eni_id = P_ENI[key]
        attach = {"attachTime": iso_ms(plus(alb_created, 20)), "attachmentId": ec2id("eni-attach", eni_id),
                  "deleteOnTermination": False, "deviceIndex": 1, "networkCardIndex": 0,
                  "instanceOwnerId": "amazon-elb", "status": "attached"}
        e = w.add(Res(a, r, "AWS::EC2::NetworkInterface", eni_id, arn=f"arn:aws:ec2:{r}:{a}:network-interface/{eni_id}",
                      az=subnet_r.az, base=plus(alb_created, 31.5),
                      config=eni_block(a, r, eni_id, subnet_r.rid, vpc.rid, ip, [("prod-alb-sg", sgs["alb"].rid)],
                                       attach=attach, public_ip=pip, description=f"ELB app/prod-alb/{P_ALB_SUFFIX}",
                                       requester="amazon-elb", as_resource=True, az=subnet_r.az)))
        w.link(e, "Is contained in Subnet", subnet_r, "Contains NetworkInterface")
        w.link(e, "Is contained in Vpc", vpc, "Contains NetworkInterface")
        w.link(e, "Is associated with SecurityGroup", sgs["alb"], "Is associated with NetworkInterface")
    alb_tags = {"Name": "prod-alb", "Environment": "prod"}
    alb_attrs = [("access_logs.s3.enabled", "true"), ("access_logs.s3.bucket", f"prod-s3-access-logs-{a}"),
                 ("access_logs.s3.prefix", "alb"), ("idle_timeout.timeout_seconds", "60"),
                 ("deletion_protection.enabled", "true"), ("routing.http2.enabled", "true"),
                 ("routing.http.drop_invalid_header_fields.enabled", "true"),
                 ("routing.http.desync_mitigation_mode", "defensive"), ("load_balancing.cross_zone.enabled", "true"),
                 ("waf.fail_open.enabled", "false"), ("connection_logs.s3.enabled", "false")]
    alb = w.add(Res(a, r, "AWS::ElasticLoadBalancingV2::LoadBalancer", P_ALB_ARN, name="prod-alb", arn=P_ALB_ARN,
                    az="Multiple Availability Zones", created=alb_created, base=plus(alb_created, 48.3),
                    config={"loadBalancerArn": P_ALB_ARN,
                            "dNSName": f"prod-alb-{int(_h('albdns')[:8], 16) % 10**10}.{r}.elb.amazonaws.com",
                            "canonicalHostedZoneId": "Z35SXDOTRQ7X7K", "createdTime": iso_ms(alb_created),
                            "loadBalancerName": "prod-alb", "scheme": "internet-facing", "vpcId": vpc.rid,
                            "state": {"code": "active"}, "type": "application",
                            "availabilityZones": [{"zoneName": s.az, "subnetId": s.rid, "loadBalancerAddresses": []}
                                                  for s in (pub_a, pub_b)],
                            "securityGroups": [sgs["alb"].rid], "ipAddressType": "ipv4"},
                    supp={"LoadBalancerAttributes": [{"key": k, "value": v} for k, v in alb_attrs],
                          "Tags": kv_tags(alb_tags)}, tags=alb_tags))
    w.rel(alb, "Is associated with SecurityGroup", sgs["alb"])
    w.rel(alb, "Is attached to Subnet", pub_a)
    w.rel(alb, "Is attached to Subnet", pub_b)
    w.rel(alb, "Is contained in Vpc", vpc)
    lst_https = f"arn:aws:elasticloadbalancing:{r}:{a}:listener/app/prod-alb/{P_ALB_SUFFIX}/{hexid(16, 'lst443')}"
    lst_http = f"arn:aws:elasticloadbalancing:{r}:{a}:listener/app/prod-alb/{P_ALB_SUFFIX}/{hexid(16, 'lst80')}"
    w.add(Res(a, r, "AWS::ElasticLoadBalancingV2::Listener", lst_https, arn=lst_https, az="Regional",
              base=plus(alb_created, 95.21),
              config={"LoadBalancerArn": P_ALB_ARN, "DefaultActions": [
                  {"Type": "forward", "TargetGroupArn": P_TG_ARN,
                   "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": P_TG_ARN, "Weight": 1}],
                                     "TargetGroupStickinessConfig": {"Enabled": False}}}],
                      "Port": 443, "Certificates": [{"CertificateArn": P_CERT_ARN}], "Protocol": "HTTPS",
                      "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "ListenerArn": lst_https,
                      "AlpnPolicy": []}))
    w.add(Res(a, r, "AWS::ElasticLoadBalancingV2::Listener", lst_http, arn=lst_http, az="Regional",
              base=plus(alb_created, 96.02),
              config={"LoadBalancerArn": P_ALB_ARN, "DefaultActions": [
                  {"Type": "redirect", "Order": 1,
                   "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}",
                                      "Query": "#{query}", "StatusCode": "HTTP_301"}}],
                      "Port": 80, "Certificates": [], "Protocol": "HTTP", "ListenerArn": lst_http, "AlpnPolicy": []}))
    cert_created = T("2026-01-14T14:41:09.220Z")
    cert_issued = T("2026-01-14T14:44:51.000Z")
    w.add(Res(a, r, "AWS::ACM::Certificate", P_CERT_ARN, arn=P_CERT_ARN, az="Regional", created=cert_created,
              base=plus(alb_created, 101.4),
              config={"certificateArn": P_CERT_ARN, "domainName": "app.example.com",
                      "subjectAlternativeNames": ["app.example.com", "www.example.com"],
                      "domainValidationOptions": [
                          {"domainName": d, "validationDomain": d, "validationStatus": "SUCCESS",
                           "resourceRecord": {"name": f"_{hexid(32, 'acmv', d)}.{d}.", "type": "CNAME",
                                              "value": f"_{hexid(32, 'acmw', d)}.xlfgrmvvlj.acm-validations.aws."},
                           "validationMethod": "DNS"} for d in ("app.example.com", "www.example.com")],
                      "serial": ":".join(hexid(32, "serial")[i:i + 2] for i in range(0, 32, 2)),
                      "subject": "CN=app.example.com", "issuer": "Amazon", "createdAt": iso_ms(cert_created),
                      "issuedAt": iso_ms(cert_issued), "status": "ISSUED",
                      "notBefore": "2026-01-14T00:00:00.000Z", "notAfter": "2027-02-12T23:59:59.000Z",
                      "keyAlgorithm": "RSA-2048", "signatureAlgorithm": "SHA256WITHRSA", "inUseBy": [P_ALB_ARN],
                      "type": "AMAZON_ISSUED", "keyUsages": [{"name": "DIGITAL_SIGNATURE"}, {"name": "KEY_ENCIPHERMENT"}],
                      "extendedKeyUsages": [{"name": "TLS_WEB_SERVER_AUTHENTICATION"},
                                            {"name": "TLS_WEB_CLIENT_AUTHENTICATION"}],
                      "renewalEligibility": "ELIGIBLE",
                      "options": {"certificateTransparencyLoggingPreference": "ENABLED"}},
              supp={"Tags": kv_tags({"Name": "prod-app-cert"})}, tags={"Name": "prod-app-cert"}))
    asg_created = T("2026-02-02T10:13:58.402Z")
    asg = w.add(Res(a, r, "AWS::AutoScaling::AutoScalingGroup", P_ASG_ARN, name="prod-web-asg", arn=P_ASG_ARN,
                    az="Multiple Availability Zones", created=asg_created, base=T("2026-02-02T10:15:31.776Z"),
                    config={"autoScalingGroupName": "prod-web-asg", "autoScalingGroupARN": P_ASG_ARN,
                            "launchTemplate": {"launchTemplateId": nid("lt", a, r, "prod-web"),
                                               "launchTemplateName": "prod-web", "version": "3"},
                            "minSize": 2, "maxSize": 4, "desiredCapacity": 2, "defaultCooldown": 300,
                            "availabilityZones": ["us-east-1a", "us-east-1b"], "loadBalancerNames": [],
                            "targetGroupARNs": [P_TG_ARN], "healthCheckType": "ELB", "healthCheckGracePeriod": 300,
                            "instances": [{"instanceId": i.rid, "instanceType": "t3.medium",
                                           "availabilityZone": i.az, "lifecycleState": "InService",
                                           "healthStatus": "Healthy",
                                           "launchTemplate": {"launchTemplateId": nid("lt", a, r, "prod-web"),
                                                              "launchTemplateName": "prod-web", "version": "3"},
                                           "protectedFromScaleIn": False} for i in (web1, web2)],
                            "createdTime": epoch_ms(asg_created), "suspendedProcesses": [], "enabledMetrics": [],
                            "tags": [{"resourceId": "prod-web-asg", "resourceType": "auto-scaling-group",
                                      "key": "Environment", "value": "prod", "propagateAtLaunch": True}],
                            "terminationPolicies": ["Default"], "newInstancesProtectedFromScaleIn": False,
                            "serviceLinkedRoleARN": f"arn:aws:iam::{a}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                            "trafficSources": [{"identifier": P_TG_ARN, "type": "elbv2"}],
                            "vpczoneIdentifier": f"{pub_a.rid},{pub_b.rid}"},
                    supp={"LifeCycleHooks": []}, tags={"Environment": "prod"}))
    w.rel(asg, "Contains ", web1)
    w.rel(asg, "Contains ", web2)
    w.rel(asg, "Is associated with ", pub_a)
    w.rel(asg, "Is associated with ", pub_b)
    flow_log(w, a, r, vpc, T("2026-01-12T10:02:11.390Z"), T("2026-01-12T10:02:33.017Z"),
             iam.by_name[("AWS::IAM::Role", "prod-vpc-flowlogs-role")].arn, "/vpc/prod-vpc-flow-logs")

    # KMS
    kms_key(w, a, r, KEYS["prod-data"], T("2025-11-10T13:05:22.431Z"), T("2025-11-10T13:05:40.902Z"),
            description="prod application data", rotation=True, policy_doc=key_policy_default(a),
            tags={"Name": "prod-data", "Environment": "prod"})
    kms_key(w, a, r, KEYS["prod-cloudtrail"], T("2025-11-04T11:31:05.117Z"), T("2025-11-04T11:31:29.554Z"),
            description="CloudTrail log encryption", rotation=True,
            policy_doc=key_policy_default(a, [{
                "Sid": "Allow CloudTrail to encrypt logs", "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn":
                                             f"arn:aws:cloudtrail:*:{a}:trail/*"}}}]),
            tags={"Name": "prod-cloudtrail"})
    kms_key(w, a, r, KEYS["prod-aws-ebs"], T("2026-01-20T08:03:50.118Z"), T("2026-01-20T08:04:15.871Z"),
            description="Default key that protects my EBS volumes when no other key is defined", rotation=None,
            policy_doc=key_policy_aws_managed(a, r, "ec2"), aws_managed=True)

    # RDS
    dbsg = db_subnet_group(w, a, r, "prod-db-subnets", "Private subnets for the orders database", vpc,
                           [net["prod-private-a"], net["prod-private-b"]], T("2026-01-15T09:00:12.644Z"))
    db_created = T("2026-01-15T09:04:41.338Z")
    db_instance(w, a, r, "prod-orders-db", RDS_PROD_DBI, engine="postgres", version="16.4", klass="db.m6g.large",
                subnet_group=dbsg, sg_res=[sgs["db"]], az="us-east-1a", created=db_created,
                base=T("2026-01-15T09:19:02.771Z"), public=False, encrypted=True, kms=key_arn(a, r, "prod-data"),
                multi_az=True, retention=7, storage=100, port=5432, endpoint_suffix=RDS_ENDPOINT_SUFFIX[PROD],
                tags={"Name": "prod-orders-db", "Environment": "prod"}, logs=("postgresql", "upgrade"),
                deletion_protection=True, param_group="default.postgres16", option_group="default:postgres-16",
                license_model="postgresql-license", perf_insights=True, iam_auth=True)
    snap_id = "prod-orders-db-pre-upgrade-20260301"
    snap_t = T("2026-03-01T02:00:17.902Z")
    snap_arn = f"arn:aws:rds:{r}:{a}:snapshot:{snap_id}"
    snap_tags = {"Name": snap_id, "Environment": "prod"}
    s = w.add(Res(a, r, "AWS::RDS::DBSnapshot", snap_id, name=snap_id, arn=snap_arn, az="us-east-1a",
                  created=snap_t, base=T("2026-03-01T02:06:44.130Z"),
                  config={"dBSnapshotIdentifier": snap_id, "dBInstanceIdentifier": "prod-orders-db",
                          "snapshotCreateTime": iso_ms(snap_t), "engine": "postgres", "allocatedStorage": 100,
                          "status": "available", "port": 5432, "availabilityZone": "us-east-1a", "vpcId": vpc.rid,
                          "instanceCreateTime": iso_ms(db_created), "masterUsername": "dbadmin",
                          "engineVersion": "16.4", "licenseModel": "postgresql-license", "snapshotType": "manual",
                          "iops": 3000, "optionGroupName": "default:postgres-16", "percentProgress": 100,
                          "storageType": "gp3", "encrypted": True, "kmsKeyId": key_arn(a, r, "prod-data"),
                          "dBSnapshotArn": snap_arn, "iAMDatabaseAuthenticationEnabled": True,
                          "processorFeatures": [], "dbiResourceId": RDS_PROD_DBI, "tagList": kv_tags(snap_tags),
                          "originalSnapshotCreateTime": iso_ms(snap_t), "snapshotTarget": "region",
                          "storageThroughput": 125, "dedicatedLogVolume": False},
                  supp={"DBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": []}],
                        "Tags": kv_tags(snap_tags)}, tags=snap_tags))
    w.rel(s, "Is associated with Vpc", vpc)

    lambda_fn(w, a, r, "prod-order-processor", runtime="python3.12",
              role=iam.by_name[("AWS::IAM::Role", "prod-order-processor-role")], handler="app.handler",
              code_size=1843211, timeout=60, memory=512, modified=T("2026-02-24T16:11:03.481Z"),
              base=T("2026-02-24T16:13:45.006Z"), vpc=([net["prod-private-a"], net["prod-private-b"]], [sgs["lambda"]]),
              description="Processes orders from the queue", tags={"Environment": "prod", "Team": "orders"})
    dynamodb_table(w, a, r, "prod-sessions", T("2026-01-16T12:30:44.512Z"), T("2026-01-16T12:33:10.097Z"),
                   pitr=True, tags={"Environment": "prod"}, key="sessionId")

    trail(w, a, r, "prod-management-trail", T("2025-11-04T11:33:40.660Z"), bucket=f"prod-cloudtrail-logs-{a}",
          multi=True, validation=True, kms=key_arn(a, r, "prod-cloudtrail"),
          cwl=(f"arn:aws:logs:{r}:{a}:log-group:aws-cloudtrail-logs-prod:*",
               iam.by_name[("AWS::IAM::Role", "prod-cloudtrail-cwl-role")].arn),
          tags={"Name": "prod-management-trail"})

    # S3
    logs_bucket = f"prod-s3-access-logs-{a}"
    ct_bucket = f"prod-cloudtrail-logs-{a}"
    up_bucket = f"prod-app-uploads-{a}"
    trail_arn = f"arn:aws:cloudtrail:{r}:{a}:trail/prod-management-trail"
    add_bucket(w, a, r, ct_bucket, T("2025-11-04T11:30:12.000Z"), T("2025-11-04T11:34:02.377Z"),
               tags={"Environment": "prod", "DataClass": "audit"}, versioning="Enabled",
               logging=(logs_bucket, "cloudtrail/"),
               sse=("aws:kms", key_arn(a, r, "prod-cloudtrail"), True),
               policy={"Version": "2012-10-17", "Statement": [
                   {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
                    "Resource": f"arn:aws:s3:::{ct_bucket}",
                    "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}}},
                   {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{ct_bucket}/AWSLogs/{a}/*",
                    "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                                   "aws:SourceArn": trail_arn}}},
                   tls_only_statement(ct_bucket)]})
    add_bucket(w, a, r, logs_bucket, T("2025-11-04T11:28:40.000Z"), T("2025-11-04T11:29:55.812Z"),
               tags={"Environment": "prod", "DataClass": "logs"}, versioning="Enabled", logging=None,
               policy={"Version": "2012-10-17", "Statement": [
                   {"Sid": "S3ServerAccessLogsPolicy", "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{logs_bucket}/*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": a}}},
                   {"Sid": "ALBAccessLogs", "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::127311923021:root"}, "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{logs_bucket}/alb/AWSLogs/{a}/*"},
                   tls_only_statement(logs_bucket)]})
    add_bucket(w, a, r, up_bucket, T("2026-01-13T08:12:31.000Z"), T("2026-01-13T08:14:09.228Z"),
               tags={"Environment": "prod", "DataClass": "customer"},
               versioning="Suspended" if w.has("prod_versioning_off") else "Enabled",
               logging=(logs_bucket, "uploads/"), sse=("aws:kms", key_arn(a, r, "prod-data"), True),
               policy={"Version": "2012-10-17", "Statement": [tls_only_statement(up_bucket)]})


def build_prod_euw1(w):
    a, r = PROD, EUW1
    t0 = T("2026-01-19T13:00:00Z")
    recorder(w, a, r, T("2025-11-04T11:05:50.183Z"), include_global=False)
    guardduty(w, a, r, T("2025-11-04T11:22:03.442Z"), T("2025-11-04T11:22:30.019Z"))
    net = net_common(w, a, r, vpc_id=PE_VPC, vpc_name="prod-eu-vpc", cidr="10.20.0.0/16", created=t0,
                     base=plus(t0, 8.204), igw=False,
                     subnets=[("prod-eu-db-a", "10.20.10.0/24", "eu-west-1a", False, 250),
                              ("prod-eu-db-b", "10.20.11.0/24", "eu-west-1b", False, 251)],
                     route_tables=[("prod-eu-main-rt", True, [], False)])
    vpc = net["vpc"]
    sg(w, a, r, PE_SG["default"], "default", "default VPC security group", vpc, plus(t0, 61.3), ingress=[], egress=[])
    asg_ = sg(w, a, r, PE_SG["prod-eu-aurora-sg"], "prod-eu-aurora-sg", "Reporting cluster", vpc, plus(t0, 120.6),
              ingress=[perm(a, "tcp", 5432, 5432, v4=[("10.20.0.0/16", "VPC"), ("10.10.0.0/16", "prod us-east-1 via VPN")])],
              egress=[])
    kms_key(w, a, r, KEYS["prod-eu-aurora"], T("2026-01-19T13:20:14.302Z"), T("2026-01-19T13:20:39.511Z"),
            description="prod-eu reporting cluster storage", rotation=True, policy_doc=key_policy_default(a),
            tags={"Name": "prod-eu-aurora", "Environment": "prod"})
    dbsg = db_subnet_group(w, a, r, "prod-eu-aurora-subnets", "Reporting cluster subnets", vpc,
                           [net["prod-eu-db-a"], net["prod-eu-db-b"]], T("2026-01-19T13:22:40.811Z"))
    created = T("2026-01-19T13:30:02.554Z")
    kms = key_arn(a, r, "prod-eu-aurora")
    inst = db_instance(w, a, r, "prod-eu-reporting-1", RDS_EU_DBI, engine="aurora-postgresql", version="16.4",
                       klass="db.r6g.large", subnet_group=dbsg, sg_res=[asg_], az="eu-west-1a",
                       created=plus(created, 410), base=T("2026-01-19T13:49:51.338Z"), public=False, encrypted=True,
                       kms=kms, multi_az=False, retention=14, storage=1, port=5432,
                       endpoint_suffix=RDS_ENDPOINT_SUFFIX["eu"], tags={"Environment": "prod"},
                       cluster="prod-eu-reporting", param_group="default.aurora-postgresql16",
                       option_group="default:aurora-postgresql-16", license_model="postgresql-license",
                       deletion_protection=False)
    tags = {"Environment": "prod", "Name": "prod-eu-reporting"}
    cl_arn = f"arn:aws:rds:{r}:{a}:cluster:prod-eu-reporting"
    cl = w.add(Res(a, r, "AWS::RDS::DBCluster", RDS_EU_CLUSTER, name="prod-eu-reporting", arn=cl_arn,
                   az="Multiple Availability Zones", created=created, base=T("2026-01-19T13:52:10.127Z"),
                   config={"allocatedStorage": 1, "availabilityZones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
                           "backupRetentionPeriod": 14, "status": "available",
                           "endpoint": f"prod-eu-reporting.cluster-{RDS_ENDPOINT_SUFFIX['eu']}.rds.amazonaws.com",
                           "readerEndpoint": f"prod-eu-reporting.cluster-ro-{RDS_ENDPOINT_SUFFIX['eu']}.rds.amazonaws.com",
                           "customEndpoints": [], "multiAZ": False, "engine": "aurora-postgresql",
                           "engineVersion": "16.4", "port": 5432, "masterUsername": "dbadmin",
                           "preferredBackupWindow": "02:00-02:30", "preferredMaintenanceWindow": "sun:04:00-sun:04:30",
                           "readReplicaIdentifiers": [], "statusInfos": [],
                           "vpcSecurityGroups": [{"vpcSecurityGroupId": asg_.rid, "status": "active"}],
                           "hostedZoneId": "Z29XKXDKYMONMX", "storageEncrypted": True, "kmsKeyId": kms,
                           "dbClusterResourceId": RDS_EU_CLUSTER, "associatedRoles": [],
                           "clusterCreateTime": epoch_ms(created), "enabledCloudwatchLogsExports": ["postgresql"],
                           "engineMode": "provisioned", "deletionProtection": True, "httpEndpointEnabled": False,
                           "activityStreamStatus": "stopped", "copyTagsToSnapshot": True, "crossAccountClone": False,
                           "domainMemberships": [], "tagList": kv_tags(tags), "autoMinorVersionUpgrade": True,
                           "networkType": "IPV4", "engineLifecycleSupport": "open-source-rds-extended-support",
                           "dbclusterIdentifier": "prod-eu-reporting",
                           "dbclusterParameterGroup": "default.aurora-postgresql16",
                           "dbsubnetGroup": "prod-eu-aurora-subnets", "dbclusterOptionGroupMemberships": [],
                           "dbclusterMembers": [{"isClusterWriter": True, "promotionTier": 1,
                                                 "dbinstanceIdentifier": "prod-eu-reporting-1", "clusterWriter": True,
                                                 "dbclusterParameterGroupStatus": "in-sync"}],
                           "dbclusterArn": cl_arn, "iamdatabaseAuthenticationEnabled": False},
                   supp={"Tags": kv_tags(tags)}, tags=tags))
    # DBCluster names its members and subnet group by resourceName, with truncated verbs.
    w.rel(cl, "Contains ", inst, by_name=True)
    w.rel(cl, "Is associated with ", dbsg, by_name=True)
    w.rel(cl, "Is associated with ", asg_)
    dynamodb_table(w, a, r, "prod-eu-audit-events", T("2026-01-21T09:40:13.008Z"), T("2026-01-21T09:42:51.662Z"),
                   pitr=True, tags={"Environment": "prod"}, key="eventId")


def build_dev_use1(w, iam):
    a, r = DEV, USE1
    t0 = T("2025-12-02T14:10:00Z")
    recorder(w, a, r, T("2025-12-01T08:10:31.920Z"), include_global=True)
    account_pab(w, a, r, T("2025-12-01T08:12:44.301Z"), False)
    net = net_common(w, a, r, vpc_id=D_VPC, vpc_name="dev-vpc", cidr="10.30.0.0/16", created=t0,
                     base=plus(t0, 6.88),
                     subnets=[("dev-public-a", "10.30.0.0/24", "us-east-1a", True, 248),
                              ("dev-public-b", "10.30.1.0/24", "us-east-1b", True, 249)],
                     route_tables=[("dev-public-rt", True, ["dev-public-a", "dev-public-b"], True)])
    vpc = net["vpc"]
    sgs = {}
    # The default group still has AWS's default rules: VPC_DEFAULT_SECURITY_GROUP_CLOSED fails.
    sgs["default"] = sg(w, a, r, D_SG["default"], "default", "default VPC security group", vpc, plus(t0, 40.2),
                        ingress=[perm(a, "-1", groups=[(D_SG["default"], None)])], egress=egress_all(a))
    sgs["bastion"] = sg(w, a, r, D_SG["dev-bastion-sg"], "dev-bastion-sg", "SSH from the office", vpc,
                        plus(t0, 402.6), ingress=[perm(a, "tcp", 22, 22, v4=[(OFFICE, "office")])],
                        egress=egress_all(a))
    sgs["elb"] = sg(w, a, r, D_SG["dev-elb-sg"], "dev-elb-sg", "Public HTTP to the classic ELB", vpc,
                    plus(t0, 410.0), ingress=[perm(a, "tcp", 80, 80, v4=[("0.0.0.0/0", None)], v6=[("::/0", None)])],
                    egress=egress_all(a))
    sgs["app"] = sg(w, a, r, D_SG["dev-app-sg"], "dev-app-sg", "App servers", vpc, plus(t0, 415.3),
                    ingress=[perm(a, "tcp", 8080, 8080, groups=[(D_SG["dev-elb-sg"], "from ELB")]),
                             perm(a, "tcp", 22, 22, groups=[(D_SG["dev-bastion-sg"], "from bastion")])],
                    egress=egress_all(a))
    sgs["db"] = sg(w, a, r, D_SG["dev-db-public-sg"], "dev-db-public-sg", "Analysts reach MySQL directly", vpc,
                   plus(t0, 420.8),
                   ingress=[perm(a, "tcp", 3306, 3306, v4=[(OFFICE, "office"), (OFFICE2, "analyst VPN")])],
                   egress=egress_all(a))
    dev_key = key_arn(a, r, "dev-app")
    lj = T("2025-12-03T09:41:20Z")
    stopped_at = "2026-01-15 09:12:44"
    instance(w, a, r, D_I["dev-jumpbox"], name="dev-jumpbox", net=net, subnet="dev-public-a", sgs=[sgs["bastion"]],
             eni_id=D_ENI["dev-jumpbox"], ip="10.30.0.10", launch=lj, base=T("2026-01-15T09:13:31.208Z"),
             eni_base=T("2026-01-15T09:13:30.914Z"),
             volumes=[root_volume(a, r, "dev-jumpbox", lj, 8, dev_key)], itype="t3.micro", ami=AMI["al2023-old"],
             public_ip="54.173.9.201", key_name="dev-ops", state="stopped",
             stop_reason=f"User initiated ({stopped_at} GMT)", extra_tags={"Owner": "carol.dev"})
    la = T("2026-02-16T11:05:33Z")
    app1, _ = instance(w, a, r, D_I["dev-app-1"], name="dev-app-1", net=net, subnet="dev-public-b",
                       sgs=[sgs["app"]], eni_id=D_ENI["dev-app-1"], ip="10.30.1.15", launch=la,
                       base=plus(la, 27.532), volumes=[root_volume(a, r, "dev-app-1", la, 16, dev_key)],
                       itype="t3.small", ami=AMI["al2023"], public_ip="54.89.120.7", key_name="dev-ops",
                       profile=iam.instance_profile("dev-ec2-role"))
    standalone_volume(w, a, r, D_VOL["dev-orphan-data"], "us-east-1a", 50, T("2026-01-08T16:20:05.431Z"),
                      T("2026-02-16T10:58:12.086Z"), enc=True, kms=dev_key, name="dev-old-app-data")
    eip(w, a, r, D_EIP, "100.24.56.199", T("2026-02-16T10:59:40.552Z"), name="dev-unused-eip")
    clb_t = T("2026-02-16T11:20:14.733Z")
    clb = w.add(Res(a, r, "AWS::ElasticLoadBalancing::LoadBalancer", "dev-web-clb", name="dev-web-clb",
                    arn=f"arn:aws:elasticloadbalancing:{r}:{a}:loadbalancer/dev-web-clb",
                    az="Multiple Availability Zones", created=clb_t, base=plus(clb_t, 71.1),
                    config={"loadBalancerName": "dev-web-clb",
                            "canonicalHostedZoneName": f"dev-web-clb-1436627012.{r}.elb.amazonaws.com",
                            "canonicalHostedZoneNameID": "Z35SXDOTRQ7X7K",
                            "listenerDescriptions": [{"listener": {"protocol": "HTTP", "loadBalancerPort": 80,
                                                                   "instanceProtocol": "HTTP", "instancePort": 8080},
                                                      "policyNames": []}],
                            "policies": {"appCookieStickinessPolicies": [], "otherPolicies": [],
                                         "lbcookieStickinessPolicies": []},
                            "backendServerDescriptions": [], "availabilityZones": ["us-east-1a", "us-east-1b"],
                            "subnets": [net["dev-public-a"].rid, net["dev-public-b"].rid],
                            "sourceSecurityGroup": {"ownerAlias": a, "groupName": "dev-elb-sg"},
                            "securityGroups": [sgs["elb"].rid], "createdTime": epoch_ms(clb_t),
                            "scheme": "internet-facing", "dnsname": f"dev-web-clb-1436627012.{r}.elb.amazonaws.com",
                            "vpcid": vpc.rid},
                    supp={"LoadBalancerAttributes": {"crossZoneLoadBalancing": {"enabled": True},
                                                     "accessLog": {"enabled": False},
                                                     "connectionDraining": {"enabled": True, "timeout": 300.0},
                                                     "connectionSettings": {"idleTimeout": 60.0},
                                                     "additionalAttributes": [{"key": "elb.http.desyncmitigationmode",
                                                                               "value": "defensive"}]},
                          "LoadBalancerPolicies": [], "Tags": kv_tags({"Name": "dev-web-clb"})},
                    tags={"Name": "dev-web-clb"}))
    # Classic ELB uses the truncated verbs and records the edges on its own side only.
    w.rel(clb, "Is associated with ", sgs["elb"])
    w.rel(clb, "Is attached to ", net["dev-public-a"])
    w.rel(clb, "Is attached to ", net["dev-public-b"])
    w.rel(clb, "Is contained in ", vpc)

    kms_key(w, a, r, KEYS["dev-app"], T("2025-12-02T15:01:44.871Z"), T("2025-12-02T15:02:09.300Z"),
            description="dev application key", rotation=False, policy_doc=key_policy_default(a),
            tags={"Name": "dev-app"})
    dbsg = db_subnet_group(w, a, r, "dev-db-public-subnets", "Public subnets (analyst access)", vpc,
                           [net["dev-public-a"], net["dev-public-b"]], T("2026-02-10T10:01:55.004Z"))
    dbt = T("2026-02-10T10:06:12.917Z")
    db_instance(w, a, r, "dev-analytics-db", RDS_DEV_DBI, engine="mysql", version="8.0.40", klass="db.t3.micro",
                subnet_group=dbsg, sg_res=[sgs["db"]], az="us-east-1b", created=dbt, base=T("2026-02-10T10:19:40.225Z"),
                public=True, encrypted=False, multi_az=False, retention=1, storage=20, port=3306,
                endpoint_suffix=RDS_ENDPOINT_SUFFIX[DEV], tags={"Name": "dev-analytics-db", "Owner": "carol.dev"},
                param_group="default.mysql8.0", option_group="default:mysql-8-0", license_model="general-public-license",
                master="admin")

    # Lambda: deleted and recreated on day 2 (same name, so same resourceId, new lifetime)
    role = iam.by_name[("AWS::IAM::Role", "dev-report-generator-role")]
    if not w.has("dev_lambda_deleted"):
        lambda_fn(w, a, r, "dev-report-generator", runtime="python3.9", role=role, handler="report.main",
                  code_size=24410, timeout=120, memory=256, modified=T("2026-01-28T13:44:10.615Z"),
                  base=T("2026-01-28T13:46:02.903Z"), arch="x86_64", description="Nightly report (legacy build)",
                  tags={"Team": "analytics"})
    elif w.has("dev_lambda_created"):
        lambda_fn(w, a, r, "dev-report-generator", runtime="python3.12", role=role, handler="report.main",
                  code_size=26388, timeout=120, memory=256, modified=plus(EVENT_TIME["dev_lambda_created"], 0.777),
                  base=None, arch="arm64", description="Nightly report", tags={"Team": "analytics"})

    trail(w, a, r, "dev-trail", T("2025-12-01T08:20:05.004Z"), bucket=f"dev-cloudtrail-{a}", multi=False,
          validation=False, tags={"Name": "dev-trail"})
    logs_bucket = f"dev-s3-access-logs-{a}"
    add_bucket(w, a, r, f"dev-cloudtrail-{a}", T("2025-12-01T08:18:40.000Z"), T("2025-12-01T08:19:51.672Z"),
               tags={"Environment": "dev"}, versioning="Enabled", logging=(logs_bucket, "cloudtrail/"),
               policy={"Version": "2012-10-17", "Statement": [
                   {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
                    "Resource": f"arn:aws:s3:::dev-cloudtrail-{a}"},
                   {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::dev-cloudtrail-{a}/AWSLogs/{a}/*",
                    "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]})
    add_bucket(w, a, r, logs_bucket, T("2025-12-01T08:15:02.000Z"), T("2025-12-01T08:16:30.118Z"),
               tags={"Environment": "dev"}, versioning="Enabled",
               policy={"Version": "2012-10-17", "Statement": [
                   {"Sid": "S3ServerAccessLogsPolicy", "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{logs_bucket}/*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": a}}}]})
    add_bucket(w, a, r, f"dev-scratch-{a}", T("2026-01-05T10:44:19.000Z"), T("2026-01-05T10:45:51.730Z"),
               tags={"Environment": "dev", "Owner": "carol.dev"}, versioning="Off")
    web = f"dev-public-website-{a}"
    add_bucket(w, a, r, web, T("2026-02-03T15:30:08.000Z"), T("2026-02-03T15:41:27.459Z"),
               tags={"Environment": "dev", "Purpose": "static-site"}, versioning="Enabled",
               logging=(logs_bucket, "website/"), bpa=False, public_acl=True, website=True,
               policy={"Version": "2012-10-17", "Statement": [
                   {"Sid": "PublicReadGetObject", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{web}/*"}]})
    if not w.has("dev_bucket_deleted"):
        add_bucket(w, a, r, f"dev-tmp-export-{a}", T("2026-02-20T17:02:44.000Z"), T("2026-02-20T17:03:58.281Z"),
                   tags={"Environment": "dev", "Temporary": "true"}, versioning="Off")


def build_dev_euw1(w):
    a, r = DEV, EUW1
    t0 = T("2026-02-25T10:00:00Z")
    recorder(w, a, r, T("2026-02-25T09:51:12.605Z"), include_global=False, types=DEV_EU_RECORDED_TYPES)
    net = net_common(w, a, r, vpc_id=DE_VPC, vpc_name="dev-eu-vpc", cidr="10.40.0.0/16", created=t0,
                     base=plus(t0, 9.301), acl_recorded=False,
                     subnets=[("dev-eu-public-a", "10.40.0.0/24", "eu-west-1a", True, 250)],
                     route_tables=[("dev-eu-public-rt", True, ["dev-eu-public-a"], True)])
    vpc = net["vpc"]
    sg(w, a, r, DE_SG["default"], "default", "default VPC security group", vpc, plus(t0, 33.7), ingress=[], egress=[])
    win = sg(w, a, r, DE_SG["dev-eu-windows-sg"], "dev-eu-windows-sg", "RDP for the Windows test box", vpc,
             plus(t0, 610.4),
             ingress=[perm(a, "tcp", 3389, 3389, v4=[(OFFICE, "office")], v6=[("::/0", "temporary - vendor access")])],
             egress=egress_all(a))
    lw = T("2026-02-25T10:22:41Z")
    instance(w, a, r, DE_I, name="dev-eu-win-1", net=net, subnet="dev-eu-public-a", sgs=[win], eni_id=DE_ENI,
             ip="10.40.0.25", launch=lw, base=plus(lw, 33.018), itype="t3.large", ami=AMI["win2022"],
             public_ip="34.245.12.88", key_name="dev-eu-ops", windows=True,
             volumes=[dict(root_volume(a, r, "dev-eu-win-1", lw, 60, f"arn:aws:kms:{r}:{a}:key/{uuid('kms', a, r, 'aws/ebs')}"),
                           dev="/dev/sda1")])


DEV_EU_RECORDED_TYPES = ["AWS::EC2::Instance", "AWS::EC2::InternetGateway", "AWS::EC2::NetworkInterface",
                         "AWS::EC2::RouteTable", "AWS::EC2::SecurityGroup", "AWS::EC2::Subnet", "AWS::EC2::VPC",
                         "AWS::EC2::Volume"]


# --------------------------------------------------------------------------
# configuration items and the timeline
# --------------------------------------------------------------------------

class Version:
    def __init__(self, capture, status, res, event):
        self.capture = capture
        self.status = status
        self.res = res          # Res (the state after the change) or None when deleted
        self.event = event      # event id that produced it, None for the pre-window item
        self.key = None
        self.ci = None


def make_ci(r, capture, status):
    """S3-delivery (2026) naming and key order; absent values are omitted, not null."""
    ci = {"relatedEvents": [], "relationships": r.sorted_rels(), "configuration": r.config,
          "supplementaryConfiguration": r.supp, "tags": r.tags, "configurationItemVersion": "1.3",
          "configurationItemCaptureTime": iso_ms(capture), "configurationStateId": epoch_ms(capture),
          "awsAccountId": r.acct, "configurationItemStatus": status, "resourceType": r.rtype,
          "resourceId": r.rid}
    if r.name:
        ci["resourceName"] = r.name
    if r.arn:
        ci["ARN"] = r.arn
    ci["awsRegion"] = r.region
    if r.az:
        ci["availabilityZone"] = r.az
    ci["configurationStateMd5Hash"] = ""
    if r.created:
        ci["resourceCreationTime"] = iso_ms(r.created)
    return copy.deepcopy(ci)


def make_deleted_ci(last, capture):
    """ResourceDeleted: configuration null, relationships [], tags {}, supplementaryConfiguration {}."""
    ci = {"relatedEvents": [], "relationships": [], "configuration": None, "supplementaryConfiguration": {},
          "tags": {}, "configurationItemVersion": "1.3", "configurationItemCaptureTime": iso_ms(capture),
          "configurationStateId": epoch_ms(capture), "awsAccountId": last.acct,
          "configurationItemStatus": "ResourceDeleted", "resourceType": last.rtype, "resourceId": last.rid}
    if last.name:
        ci["resourceName"] = last.name
    if last.arn:
        ci["ARN"] = last.arn
    ci["awsRegion"] = last.region
    ci["configurationStateMd5Hash"] = ""
    return ci


# The resources each event is expected to touch; the generator fails if a world change touches anything else.
EXPECTED_CHANGES = {
    "dev_bucket_deleted": {("AWS::S3::Bucket", f"dev-tmp-export-{DEV}")},
    "prod_ssh_opened": {("AWS::EC2::SecurityGroup", P_SG["prod-web-sg"])},
    "prod_versioning_off": {("AWS::S3::Bucket", f"prod-app-uploads-{PROD}")},
    "dev_inline_policy": {("AWS::IAM::User", iam_uid("AIDA", DEV, "dev-ci-deployer"))},
    "prod_volume_created": {("AWS::EC2::Volume", P_VOL["prod-web-1-data"])},
    "prod_volume_attached": {("AWS::EC2::Volume", P_VOL["prod-web-1-data"]), ("AWS::EC2::Instance", P_I["prod-web-1"])},
    "prod_batch_stopping": {("AWS::EC2::Instance", P_I["prod-batch-1"])},
    "prod_batch_stopped": {("AWS::EC2::Instance", P_I["prod-batch-1"])},
    "dev_lambda_deleted": {("AWS::Lambda::Function", "dev-report-generator")},
    "dev_lambda_created": {("AWS::Lambda::Function", "dev-report-generator")},
}


def timeline():
    applied = []
    worlds = [build(frozenset())]
    for ev in EVENTS:
        applied.append(ev[0])
        worlds.append(build(frozenset(applied)))
    versions = {}
    for key, r in worlds[0].res.items():
        assert r.base is not None, key
        discovered = r.created is not None and abs((r.base - r.created).total_seconds()) < 600
        versions[key] = [Version(r.base, "ResourceDiscovered" if discovered else "OK", r, None)]
    for i, (eid, _acct, _region, etime) in enumerate(EVENTS):
        prev, cur = worlds[i].res, worlds[i + 1].res
        touched = set()
        for key in sorted(set(prev) | set(cur)):
            if key in prev and key in cur and prev[key].content() == cur[key].content():
                continue
            touched.add((key[2], key[3]))
            capture = plus(etime, jitter(4, 25, "capture", eid, *key))
            if key not in cur:
                v = Version(capture, "ResourceDeleted", None, eid)
            elif key not in prev:
                v = Version(capture, "ResourceDiscovered", cur[key], eid)
            else:
                v = Version(capture, "OK", cur[key], eid)
            versions.setdefault(key, []).append(v)
        assert touched == EXPECTED_CHANGES[eid], (eid, touched ^ EXPECTED_CHANGES[eid])
    for key, vs in versions.items():
        last = None
        for v in vs:
            v.key = key
            if v.status == "ResourceDeleted":
                v.ci = make_deleted_ci(last, v.capture)
            else:
                v.ci = make_ci(v.res, v.capture, v.status)
                last = v.res
    return worlds, versions


def file_region(key):
    return USE1 if key[1] == GLOBAL else key[1]


def state_at(versions, acct, region, t):
    """The CIs a ConfigSnapshot delivered at t holds: latest item of every live resource."""
    items = []
    for key in sorted(versions, key=lambda k: _h("order", *k)):  # real snapshots are not sorted
        if key[0] != acct or file_region(key) != region:
            continue
        live = [v for v in versions[key] if v.capture <= t]
        if live and live[-1].status != "ResourceDeleted":
            items.append(live[-1].ci)
    return items


# --------------------------------------------------------------------------
# CloudTrail records
# --------------------------------------------------------------------------

def access_key(kind, *seed):
    return kind + b32(16, "key", kind, *seed)


def iam_user_identity(acct, user, *, console=False, session_start=None):
    uid = iam_uid("AIDA", acct, user)
    ident = {"type": "IAMUser", "principalId": uid, "arn": f"arn:aws:iam::{acct}:user/{user}", "accountId": acct,
             "accessKeyId": access_key("ASIA" if console else "AKIA", acct, user, session_start if console else ""),
             "userName": user}
    if console:
        ident["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                                   "attributes": {"creationDate": iso_s(session_start), "mfaAuthenticated": "true"}}
    return ident


def assumed_role_identity(acct, role, session, path="/", *, invoked_by=None, session_start=None, web_identity=None):
    rid = iam_uid("AROA", acct, role)
    ident = {"type": "AssumedRole", "principalId": f"{rid}:{session}",
             "arn": f"arn:aws:sts::{acct}:assumed-role/{role}/{session}", "accountId": acct,
             "accessKeyId": access_key("ASIA", acct, role, session, iso_s(session_start)),
             "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": rid,
                                                  "arn": f"arn:aws:iam::{acct}:role{path}{role}", "accountId": acct,
                                                  "userName": role},
                                "webIdFederationData": web_identity or {},
                                "attributes": {"creationDate": iso_s(session_start), "mfaAuthenticated": "false"}}}
    if invoked_by:
        ident["invokedBy"] = invoked_by
    return ident


UA_BOB = ("aws-cli/2.24.6 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0-1021-aws md/arch#x86_64 lang/python#3.12.9 "
          "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#")
UA_CAROL = ("aws-cli/2.24.6 md/awscrt#0.23.8 ua/2.1 os/macos#24.3.0 md/arch#arm64 lang/python#3.12.9 "
            "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#")
UA_S3_CONSOLE = ("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10.234-225.895.amzn2int.x86_64 "
                 "OpenJDK_64-Bit_Server_VM/17.0.14+7-LTS java/17.0.14 vendor/Amazon.com_Inc. cfg/retry-mode/standard]")
UA_GHA = "aws-sdk-js/3.750.0 ua/2.1 os/linux#6.8.0-1021-azure lang/js md/nodejs#20.18.3 api/lambda#3.750.0 m/E,e"
IP_BOB = "203.0.113.45"
IP_CAROL = "203.0.113.77"
IP_ALICE = "198.51.100.23"
IP_GHA = "192.0.2.146"


def ct(acct, region, when, source, name, ident, req, resp, *, read_only, ip, ua, resources=None, error=None,
       extra=None, console=False, version="1.10", host=None, tls=True):
    rec = {"eventVersion": version, "userIdentity": ident, "eventTime": iso_s(when), "eventSource": source,
           "eventName": name, "awsRegion": region, "sourceIPAddress": ip, "userAgent": ua}
    if error:
        rec["errorCode"], rec["errorMessage"] = error
    rec["requestParameters"] = req
    rec["responseElements"] = resp
    if extra:
        rec["additionalEventData"] = extra
    rec["requestID"] = uuid("req", acct, region, iso_s(when), name) if source != "s3.amazonaws.com" \
        else b32(16, "s3req", iso_s(when), name)
    rec["eventID"] = uuid("evt", acct, region, iso_s(when), name)
    rec["readOnly"] = read_only
    if resources:
        rec["resources"] = resources
    rec["eventType"] = "AwsApiCall"
    rec["managementEvent"] = True
    rec["recipientAccountId"] = acct
    rec["eventCategory"] = "Management"
    if tls:
        rec["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                             "clientProvidedHostHeader": host or f"{source.split('.')[0]}.{region}.amazonaws.com"}
    if console:
        rec["sessionCredentialFromConsole"] = "true"
    return rec


def s3_extra(when, *, out=0):
    return {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
            "AuthenticationMethod": "AuthHeader", "x-amz-id-2": base64_of(_h("amzid2", iso_s(when)) * 2)[:76],
            "bytesTransferredOut": out}


def s3_resource(acct, bucket):
    return [{"accountId": acct, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]


def cloudtrail_records(worlds):
    final = worlds[-1].res
    recs = []
    a = PROD
    bob = iam_user_identity(a, "bob.ops")
    alice_session = T("2026-03-09T16:31:12Z")
    alice = iam_user_identity(a, "alice.admin", console=True, session_start=alice_session)
    web_sg = P_SG["prod-web-sg"]
    t = T("2026-03-09T14:05:12Z")
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "DescribeSecurityGroups", bob,
                   {"securityGroupSet": {}, "securityGroupIdSet": {"items": [{"groupId": web_sg}]}, "filterSet": {}},
                   None, read_only=True, ip=IP_BOB, ua=UA_BOB + "ec2.describe-security-groups"))
    t = EVENT_TIME["prod_ssh_opened"]
    rule = {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {},
            "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0", "description": "temp debug - bob"}]},
            "ipv6Ranges": {}, "prefixListIds": {}}
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", bob,
                   {"groupId": web_sg, "ipPermissions": {"items": [rule]}},
                   {"requestId": uuid("ec2req", iso_s(t)), "_return": True,
                    "securityGroupRuleSet": {"items": [{"groupOwnerId": a, "groupId": web_sg,
                                                        "securityGroupRuleId": ec2id("sgr", web_sg, "22"),
                                                        "isEgress": False, "ipProtocol": "tcp", "fromPort": 22,
                                                        "toPort": 22, "cidrIpv4": "0.0.0.0/0",
                                                        "description": "temp debug - bob"}]}},
                   read_only=False, ip=IP_BOB, ua=UA_BOB + "ec2.authorize-security-group-ingress"))
    up = f"prod-app-uploads-{a}"
    t = T("2026-03-09T16:39:47Z")
    recs.append(ct(a, USE1, t, "s3.amazonaws.com", "GetBucketVersioning", alice,
                   {"bucketName": up, "Host": f"s3.{USE1}.amazonaws.com", "versioning": ""}, None,
                   read_only=True, ip=IP_ALICE, ua=UA_S3_CONSOLE, resources=s3_resource(a, up),
                   extra=s3_extra(t, out=144), console=True, version="1.11", host=f"s3.{USE1}.amazonaws.com"))
    t = EVENT_TIME["prod_versioning_off"]
    recs.append(ct(a, USE1, t, "s3.amazonaws.com", "PutBucketVersioning", alice,
                   {"bucketName": up, "Host": f"s3.{USE1}.amazonaws.com", "versioning": "",
                    "VersioningConfiguration": {"Status": "Suspended",
                                                "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}},
                   None, read_only=False, ip=IP_ALICE, ua=UA_S3_CONSOLE, resources=s3_resource(a, up),
                   extra=s3_extra(t), console=True, version="1.11", host=f"s3.{USE1}.amazonaws.com"))
    vol = P_VOL["prod-web-1-data"]
    vcfg = final[(a, USE1, "AWS::EC2::Volume", vol)].config
    t = EVENT_TIME["prod_volume_created"]
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "CreateVolume", bob,
                   {"size": "100", "zone": "us-east-1a", "volumeType": "gp3", "encrypted": False,
                    "tagSpecificationSet": {"items": [{"resourceType": "volume",
                                                       "tags": [{"key": "Name", "value": "prod-web-1-data"}]}]}},
                   {"requestId": uuid("ec2req", iso_s(t)), "volumeId": vol, "size": "100", "zone": "us-east-1a",
                    "status": "creating", "createTime": epoch_ms(T(vcfg["createTime"])), "volumeType": "gp3",
                    "iops": 3000, "encrypted": False,
                    "tagSet": {"items": [{"key": "Name", "value": "prod-web-1-data"}]},
                    "multiAttachEnabled": False, "throughput": 125},
                   read_only=False, ip=IP_BOB, ua=UA_BOB + "ec2.create-volume"))
    t = T("2026-03-10T09:15:40Z")
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "DescribeVolumes", bob,
                   {"volumeSet": {"items": [{"volumeId": vol}]}, "filterSet": {}}, None, read_only=True, ip=IP_BOB,
                   ua=UA_BOB + "ec2.describe-volumes"))
    t = EVENT_TIME["prod_volume_attached"]
    web1 = P_I["prod-web-1"]
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "AttachVolume", bob,
                   {"volumeId": vol, "instanceId": web1, "device": "/dev/sdf"},
                   {"requestId": uuid("ec2req", iso_s(t)), "volumeId": vol, "instanceId": web1, "device": "/dev/sdf",
                    "status": "attaching", "attachTime": epoch_ms(T(vcfg["attachments"][0]["attachTime"])),
                    "deleteOnTermination": False},
                   read_only=False, ip=IP_BOB, ua=UA_BOB + "ec2.attach-volume"))
    alice2 = iam_user_identity(a, "alice.admin", console=True, session_start=T("2026-03-10T14:12:40Z"))
    batch = P_I["prod-batch-1"]
    t = T("2026-03-10T14:21:30Z")
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "DescribeInstances", alice2,
                   {"instancesSet": {"items": [{"instanceId": batch}]}, "filterSet": {}}, None, read_only=True,
                   ip=IP_ALICE, ua="AWS Internal", console=True))
    t = EVENT_TIME["prod_batch_stopping"]
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "StopInstances", alice2,
                   {"instancesSet": {"items": [{"instanceId": batch}]}, "force": False},
                   {"requestId": uuid("ec2req", iso_s(t)),
                    "instancesSet": {"items": [{"instanceId": batch, "currentState": {"code": 64, "name": "stopping"},
                                                "previousState": {"code": 16, "name": "running"}}]}},
                   read_only=False, ip=IP_ALICE, ua="AWS Internal", console=True))
    t = T("2026-03-10T14:23:40Z")
    cfg_ident = assumed_role_identity(a, "AWSServiceRoleForConfig", "AWSConfig-Describe",
                                      "/aws-service-role/config.amazonaws.com/", invoked_by="config.amazonaws.com",
                                      session_start=T("2026-03-10T14:05:02Z"))
    recs.append(ct(a, USE1, t, "ec2.amazonaws.com", "DescribeInstances", cfg_ident,
                   {"instancesSet": {"items": [{"instanceId": batch}]}, "filterSet": {}}, None, read_only=True,
                   ip="config.amazonaws.com", ua="config.amazonaws.com", tls=False))
    t = T("2026-03-10T10:02:13Z")
    recs.append(ct(a, EUW1, t, "rds.amazonaws.com", "DescribeDBClusters", bob,
                   {"dBClusterIdentifier": "prod-eu-reporting", "includeShared": False}, None, read_only=True,
                   ip=IP_BOB, ua=UA_BOB + "rds.describe-db-clusters"))

    d = DEV
    carol = iam_user_identity(d, "carol.dev")
    tmp = f"dev-tmp-export-{d}"
    t = T("2026-03-09T11:02:18Z")
    recs.append(ct(d, USE1, t, "s3.amazonaws.com", "DeleteBucket", carol,
                   {"bucketName": tmp, "Host": f"{tmp}.s3.{USE1}.amazonaws.com"}, None, read_only=False,
                   ip=IP_CAROL, ua=UA_CAROL + "s3api.delete-bucket", resources=s3_resource(d, tmp),
                   error=("BucketNotEmpty", "The bucket you tried to delete is not empty"),
                   extra=s3_extra(t), version="1.11", host=f"{tmp}.s3.{USE1}.amazonaws.com"))
    t = EVENT_TIME["dev_bucket_deleted"]
    recs.append(ct(d, USE1, t, "s3.amazonaws.com", "DeleteBucket", carol,
                   {"bucketName": tmp, "Host": f"{tmp}.s3.{USE1}.amazonaws.com"}, None, read_only=False,
                   ip=IP_CAROL, ua=UA_CAROL + "s3.rb", resources=s3_resource(d, tmp), extra=s3_extra(t),
                   version="1.11", host=f"{tmp}.s3.{USE1}.amazonaws.com"))
    t = EVENT_TIME["dev_inline_policy"]
    user = final[(d, GLOBAL, "AWS::IAM::User", iam_uid("AIDA", d, "dev-ci-deployer"))]
    doc_text = urllib.parse.unquote(user.config["userPolicyList"][0]["policyDocument"])
    recs.append(ct(d, USE1, t, "iam.amazonaws.com", "PutUserPolicy", carol,
                   {"userName": "dev-ci-deployer", "policyName": "ci-deploy-inline", "policyDocument": doc_text},
                   None, read_only=False, ip=IP_CAROL, ua=UA_CAROL + "iam.put-user-policy", host="iam.amazonaws.com"))
    oidc = f"arn:aws:iam::{d}:oidc-provider/token.actions.githubusercontent.com"
    subject = "repo:example-org/report-generator:ref:refs/heads/main"
    sess_start = T("2026-03-10T17:29:51Z")
    role_arn = f"arn:aws:iam::{d}:role/dev-deploy-role"
    deployer = assumed_role_identity(d, "dev-deploy-role", "GitHubActions", session_start=sess_start,
                                     web_identity={"federatedProvider": oidc, "attributes": {}})
    recs.append(ct(d, USE1, sess_start, "sts.amazonaws.com", "AssumeRoleWithWebIdentity",
                   {"type": "WebIdentityUser", "principalId": f"{oidc}:sts.amazonaws.com:{subject}",
                    "userName": subject, "identityProvider": oidc},
                   {"roleArn": role_arn, "roleSessionName": "GitHubActions", "durationSeconds": 3600},
                   {"credentials": {"accessKeyId": deployer["accessKeyId"], "sessionToken": "EXAMPLE-SESSION-TOKEN",
                                    "expiration": "Mar 10, 2026, 6:29:51 PM"},
                    "subjectFromWebIdentityToken": subject,
                    "assumedRoleUser": {"assumedRoleId": deployer["principalId"], "arn": deployer["arn"]},
                    "provider": oidc, "audience": "sts.amazonaws.com"},
                   read_only=True, ip=IP_GHA, ua=UA_GHA.replace("api/lambda", "api/sts"),
                   resources=[{"accountId": d, "type": "AWS::IAM::Role", "ARN": role_arn}],
                   extra={"identityProviderConnectionVerificationMethod": "IAMTrustStore"},
                   host=f"sts.{USE1}.amazonaws.com"))
    t = T("2026-03-10T17:29:58Z")
    recs.append(ct(d, USE1, t, "lambda.amazonaws.com", "ListFunctions20150331", deployer, None, None,
                   read_only=True, ip=IP_GHA, ua=UA_GHA))
    t = EVENT_TIME["dev_lambda_deleted"]
    recs.append(ct(d, USE1, t, "lambda.amazonaws.com", "DeleteFunction20150331", deployer,
                   {"functionName": "dev-report-generator"}, None, read_only=False, ip=IP_GHA, ua=UA_GHA))
    t = EVENT_TIME["dev_lambda_created"]
    fn = final[(d, USE1, "AWS::Lambda::Function", "dev-report-generator")].config
    resp = {k: fn[k] for k in ("functionName", "functionArn", "runtime", "role", "handler", "codeSize", "description",
                               "timeout", "memorySize", "lastModified", "codeSha256", "version", "tracingConfig",
                               "revisionId")}
    resp.update({"state": "Pending", "stateReason": "The function is being created.", "stateReasonCode": "Creating",
                 "packageType": "Zip", "architectures": fn["architectures"], "ephemeralStorage": {"size": 512},
                 "snapStart": {"applyOn": "None", "optimizationStatus": "Off"}, "loggingConfig": fn["loggingConfig"]})
    recs.append(ct(d, USE1, t, "lambda.amazonaws.com", "CreateFunction20150331", deployer,
                   {"functionName": "dev-report-generator", "runtime": "python3.12", "role": fn["role"],
                    "handler": "report.main", "code": {}, "description": "Nightly report", "timeout": 120,
                    "memorySize": 256, "publish": False, "tags": {"Team": "analytics"}, "packageType": "Zip",
                    "architectures": ["arm64"]},
                   resp, read_only=False, ip=IP_GHA, ua=UA_GHA))
    return recs


def cloudtrail_files(recs):
    """Group records the way CloudTrail delivers them: per account/region, roughly every 5 minutes."""
    files = {}
    for rec in recs:
        when = T(rec["eventTime"])
        bucket = when.replace(minute=when.minute - when.minute % 5, second=0)
        delivered = plus(bucket, 300)
        acct = rec["recipientAccountId"]
        region = rec["awsRegion"]
        files.setdefault((acct, region, delivered), []).append(rec)
    out = []
    for (acct, region, delivered), rs in sorted(files.items()):
        rs.sort(key=lambda x: x["eventTime"])
        name = (f"{acct}_CloudTrail_{region}_{delivered:%Y%m%dT%H%M}Z_"
                f"{alnum(16, 'ctfile', acct, region, delivered.isoformat())}.json.gz")
        # CloudTrail pads month and day (2026/03/09), unlike AWS Config (2026/3/9).
        path = os.path.join("AWSLogs", acct, "CloudTrail", region, f"{delivered:%Y}", f"{delivered:%m}",
                            f"{delivered:%d}", name)
        out.append((path, {"Records": rs}))
    return out


# --------------------------------------------------------------------------
# SNS change notifications
# --------------------------------------------------------------------------

_MISSING = object()


def _pascal(k):
    return k[:1].upper() + k[1:]


def _diff(prev, new, path, out, pascal=True):
    if isinstance(prev, dict) and isinstance(new, dict):
        for k in list(prev) + [k for k in new if k not in prev]:
            _diff(prev.get(k, _MISSING), new.get(k, _MISSING), path + [_pascal(k) if pascal else k], out)
        return
    if isinstance(prev, list) and isinstance(new, list):
        # positional, whole elements (aws-config-formats.md §5.1)
        for i in range(max(len(prev), len(new))):
            p = prev[i] if i < len(prev) else _MISSING
            n = new[i] if i < len(new) else _MISSING
            if p != n:
                _change(".".join(path + [str(i)]), p, n, out)
        return
    if prev != new:
        _change(".".join(path), prev, new, out)


def _change(path, p, n, out):
    out[path] = {"previousValue": None if p is _MISSING else p, "updatedValue": None if n is _MISSING else n,
                 "changeType": "CREATE" if p is _MISSING else "DELETE" if n is _MISSING else "UPDATE"}


def config_diff(prev_ci, new_ci):
    if prev_ci is None:
        return {"changedProperties": {}, "changeType": "CREATE"}
    out = {}
    if new_ci["configurationItemStatus"] == "ResourceDeleted":
        _change("Configuration", prev_ci["configuration"], _MISSING, out)
        for k, v in prev_ci["supplementaryConfiguration"].items():
            _change(f"SupplementaryConfiguration.{k}", v, _MISSING, out)
        for i, rel in enumerate(prev_ci["relationships"]):
            _change(f"Relationships.{i}", rel, _MISSING, out)
        for k, v in prev_ci["tags"].items():
            _change(f"Tags.{k}", v, _MISSING, out)
        return {"changedProperties": out, "changeType": "DELETE"}
    _diff(prev_ci["configuration"], new_ci["configuration"], ["Configuration"], out)
    _diff(prev_ci["supplementaryConfiguration"], new_ci["supplementaryConfiguration"], ["SupplementaryConfiguration"], out)
    _diff(prev_ci["relationships"], new_ci["relationships"], ["Relationships"], out)
    _diff(prev_ci["tags"], new_ci["tags"], ["Tags"], out, pascal=False)
    return {"changedProperties": out, "changeType": "UPDATE"}


CI_KEY_ORDER = ["relatedEvents", "relationships", "configuration", "supplementaryConfiguration", "tags",
                "configurationItemVersion", "configurationItemCaptureTime", "configurationStateId", "awsAccountId",
                "configurationItemStatus", "resourceType", "resourceId", "resourceName", "ARN", "awsRegion",
                "availabilityZone", "configurationStateMd5Hash", "resourceCreationTime"]


def notification_style(ci):
    """Notifications we ship use explicit nulls (as in the 2019-2022 SNS captures), snapshots omit keys."""
    out = {k: ci.get(k) for k in CI_KEY_ORDER}
    out["relationships"] = [{"resourceId": r.get("resourceId"), "resourceName": r.get("resourceName"),
                             "resourceType": r["resourceType"], "name": r["name"]} for r in ci["relationships"]]
    return out


NOTIFY = [  # (event, resource type, resource id, short name for the file)
    ("dev_bucket_deleted", "AWS::S3::Bucket", f"dev-tmp-export-{DEV}", "dev-bucket-deleted"),
    ("prod_ssh_opened", "AWS::EC2::SecurityGroup", P_SG["prod-web-sg"], "prod-sg-ssh-opened"),
    ("prod_versioning_off", "AWS::S3::Bucket", f"prod-app-uploads-{PROD}", "prod-bucket-versioning-suspended"),
    ("prod_volume_created", "AWS::EC2::Volume", P_VOL["prod-web-1-data"], "prod-volume-created"),
    ("prod_batch_stopped", "AWS::EC2::Instance", P_I["prod-batch-1"], "prod-instance-stopped"),
    ("dev_lambda_created", "AWS::Lambda::Function", "dev-report-generator", "dev-lambda-recreated"),
]

VERB = {"ResourceDiscovered": "Discovered", "OK": "Updated", "ResourceDeleted": "Deleted"}


def notifications(versions):
    out = []
    for eid, rtype, rid, short in NOTIFY:
        key = next(k for k in versions if k[2] == rtype and k[3] == rid)
        vs = versions[key]
        idx = next(i for i, v in enumerate(vs) if v.event == eid)
        v = vs[idx]
        prev = vs[idx - 1].ci if idx > 0 and vs[idx - 1].status != "ResourceDeleted" else None
        if v.status == "ResourceDiscovered":
            prev = None
        acct, region = key[0], file_region(key)
        created = plus(v.capture, jitter(0.6, 1.9, "notif", eid))
        msg = {"configurationItemDiff": config_diff(prev, v.ci), "configurationItem": notification_style(v.ci),
               "notificationCreationTime": iso_ms(created), "messageType": "ConfigurationItemChangeNotification",
               "recordVersion": "1.3"}
        subject = f"[AWS Config:{region}] {rtype} {rid} {VERB[v.status]} in Account {acct}"
        if len(subject) > 100:
            subject = subject[:97] + "..."
        topic = f"arn:aws:sns:{region}:{acct}:config-topic"
        env = {"Type": "Notification", "MessageId": uuid("sns", eid, rid), "TopicArn": topic, "Subject": subject,
               "Message": compact(msg), "Timestamp": iso_ms(plus(created, 0.212)), "SignatureVersion": "1",
               "Signature": base64_of(_h("sig", eid) + _h("sig2", eid) + _h("sig3", eid) + _h("sig4", eid)),
               "SigningCertURL": f"https://sns.{region}.amazonaws.com/SimpleNotificationService-{hexid(32, 'cert')}.pem",
               "UnsubscribeURL": (f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                                  f"{topic}:{uuid('sub', acct, region)}")}
        name = f"{v.capture:%Y%m%dT%H%M%SZ}_{acct}_{region}_{short}.json"
        out.append((os.path.join("notifications", name), env, v, prev))
    return out


# --------------------------------------------------------------------------
# seeded problems (the README table is generated from this list)
# --------------------------------------------------------------------------

EVAL_TIME_NOTE = "the 2026-03-11 snapshot of each account and Region, delivered about 05:13 UTC (prod) and 05:32 UTC (dev)"


def seeded_problems():
    """(rule, resourceType, resourceId, account, region, problem) for the latest state."""
    return [
        ("INCOMING_SSH_DISABLED", "AWS::EC2::SecurityGroup", P_SG["prod-web-sg"], PROD, USE1,
         "prod-web-sg: tcp/22 open to 0.0.0.0/0 (rule added 2026-03-09 14:07 UTC by bob.ops)"),
        ("RESTRICTED_INCOMING_TRAFFIC", "AWS::EC2::SecurityGroup", DE_SG["dev-eu-windows-sg"], DEV, EUW1,
         "dev-eu-windows-sg: tcp/3389 (RDP) open to ::/0 (IPv6 only; the IPv4 range is the office /24)"),
        ("ENCRYPTED_VOLUMES", "AWS::EC2::Volume", P_VOL["prod-web-1-data"], PROD, USE1,
         "prod-web-1-data: unencrypted 100 GiB gp3, attached to running instance prod-web-1 (created 2026-03-10)"),
        ("CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "AWS::CloudTrail::Trail", "dev-trail", DEV, USE1,
         "dev-trail: logFileValidationEnabled false"),
        ("CLOUD_TRAIL_ENCRYPTION_ENABLED", "AWS::CloudTrail::Trail", "dev-trail", DEV, USE1,
         "dev-trail: no kmsKeyId (SSE-S3 only)"),
        ("S3_BUCKET_VERSIONING_ENABLED", "AWS::S3::Bucket", f"prod-app-uploads-{PROD}", PROD, USE1,
         "versioning Suspended (was Enabled; changed 2026-03-09 16:40 UTC by alice.admin)"),
        ("S3_BUCKET_VERSIONING_ENABLED", "AWS::S3::Bucket", f"dev-scratch-{DEV}", DEV, USE1,
         "versioning never enabled (status Off)"),
        ("S3_BUCKET_LOGGING_ENABLED", "AWS::S3::Bucket", f"dev-scratch-{DEV}", DEV, USE1,
         "no server access logging (BucketLoggingConfiguration {})"),
        ("S3_BUCKET_LOGGING_ENABLED", "AWS::S3::Bucket", f"prod-s3-access-logs-{PROD}", PROD, USE1,
         "access-log destination bucket does not log itself (common, usually accepted)"),
        ("S3_BUCKET_LOGGING_ENABLED", "AWS::S3::Bucket", f"dev-s3-access-logs-{DEV}", DEV, USE1,
         "access-log destination bucket does not log itself (common, usually accepted)"),
        ("S3_BUCKET_PUBLIC_READ_PROHIBITED", "AWS::S3::Bucket", f"dev-public-website-{DEV}", DEV, USE1,
         "ACL grants `AllUsers` `Read` and the policy allows `Principal: \"*\"` `s3:GetObject`; no bucket or account block"),
        ("S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "AWS::S3::Bucket", f"dev-public-website-{DEV}", DEV, USE1,
         "bucket-level PublicAccessBlockConfiguration all four flags false"),
        ("RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "AWS::RDS::DBInstance", RDS_DEV_DBI, DEV, USE1,
         "dev-analytics-db: publiclyAccessible true (public subnets; SG limited to two /24s)"),
        ("RDS_STORAGE_ENCRYPTED", "AWS::RDS::DBInstance", RDS_DEV_DBI, DEV, USE1,
         "dev-analytics-db: storageEncrypted false"),
        ("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", "AWS::IAM::Policy", iam_uid("ANPA", DEV, "dev-legacy-admin"),
         DEV, GLOBAL, "dev-legacy-admin: `Effect: Allow`, `Action: \"*\"`, `Resource: \"*\"` (URL-encoded document; attached to group developers)"),
        ("VPC_DEFAULT_SECURITY_GROUP_CLOSED", "AWS::EC2::SecurityGroup", D_SG["default"], DEV, USE1,
         "default group of dev-vpc keeps AWS's default rules (all traffic from itself in, all traffic out)"),
        ("EC2_STOPPED_INSTANCE", "AWS::EC2::Instance", D_I["dev-jumpbox"], DEV, USE1,
         "dev-jumpbox stopped since 2026-01-15 09:12:44 UTC (55 days > AllowedDays 30)"),
        ("EIP_ATTACHED", "AWS::EC2::EIP", D_EIP, DEV, USE1, "100.24.56.199 allocated but not associated"),
        ("EC2_VOLUME_INUSE_CHECK", "AWS::EC2::Volume", D_VOL["dev-orphan-data"], DEV, USE1,
         "dev-old-app-data: state available, no attachments (encrypted, so ENCRYPTED_VOLUMES does not apply)"),
        ("CMK_BACKING_KEY_ROTATION_ENABLED", "AWS::KMS::Key", KEYS["dev-app"], DEV, USE1,
         "dev-app customer managed key: KeyRotationStatus false"),
        ("IAM_NO_INLINE_POLICY_CHECK", "AWS::IAM::User", iam_uid("AIDA", DEV, "dev-ci-deployer"), DEV, GLOBAL,
         "dev-ci-deployer has inline policy ci-deploy-inline (added 2026-03-09 19:45 UTC by carol.dev)"),
        ("IAM_NO_INLINE_POLICY_CHECK", "AWS::IAM::Role", iam_uid("AROA", PROD, "prod-vpc-flowlogs-role"), PROD, GLOBAL,
         "prod-vpc-flowlogs-role has inline policy flowlogs-delivery (rolePolicyList, URL-encoded)"),
    ]


# Minimal re-implementation of each rule in the table, used by --check to prove the table is exhaustive
# for those rules on the latest state (default parameters).

def _covers(p, port):
    if p["ipProtocol"] == "-1":
        return True
    if p["ipProtocol"] not in ("tcp", "6"):
        return False
    lo, hi = p.get("fromPort", -1), p.get("toPort", -1)
    return lo == -1 or lo <= port <= hi


def _open_world(p):
    v4 = [x["cidrIp"] for x in p.get("ipv4Ranges", [])] + list(p.get("ipRanges", []))
    v6 = [x["cidrIpv6"] for x in p.get("ipv6Ranges", [])]
    return "0.0.0.0/0" in v4 or "::/0" in v6


def _policy_public_read(text):
    for st in json.loads(text)["Statement"]:
        if st["Effect"] != "Allow":
            continue
        pr = st.get("Principal")
        if not (pr == "*" or (isinstance(pr, dict) and pr.get("AWS") in ("*", ["*"]))):
            continue
        acts = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
        if any(x in ("*", "s3:*", "s3:GetObject", "s3:Get*") for x in acts):
            return True
    return False


def rule_violations(items, eval_time):
    found = set()

    def add(rule, ci):
        found.add((rule, ci["resourceType"], ci["resourceId"], ci["awsAccountId"], ci["awsRegion"]))

    for ci in items:
        c, s, t = ci["configuration"], ci["supplementaryConfiguration"], ci["resourceType"]
        if t == "AWS::EC2::SecurityGroup":
            if any(_covers(p, 22) and _open_world(p) for p in c["ipPermissions"]):
                add("INCOMING_SSH_DISABLED", ci)
            if any(_covers(p, port) and _open_world(p) for p in c["ipPermissions"]
                   for port in (20, 21, 3389, 3306, 4333)):
                add("RESTRICTED_INCOMING_TRAFFIC", ci)
            if c["groupName"] == "default" and (c["ipPermissions"] or c["ipPermissionsEgress"]):
                add("VPC_DEFAULT_SECURITY_GROUP_CLOSED", ci)
        elif t == "AWS::EC2::Volume":
            if c["attachments"] and not c["encrypted"]:
                add("ENCRYPTED_VOLUMES", ci)
            if not c["attachments"]:
                add("EC2_VOLUME_INUSE_CHECK", ci)
        elif t == "AWS::CloudTrail::Trail":
            if not c["logFileValidationEnabled"]:
                add("CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", ci)
            if not c.get("kmsKeyId"):
                add("CLOUD_TRAIL_ENCRYPTION_ENABLED", ci)
        elif t == "AWS::S3::Bucket":
            if s["BucketVersioningConfiguration"]["status"] != "Enabled":
                add("S3_BUCKET_VERSIONING_ENABLED", ci)
            if not s["BucketLoggingConfiguration"].get("destinationBucketName"):
                add("S3_BUCKET_LOGGING_ENABLED", ci)
            bpa = s["PublicAccessBlockConfiguration"]
            if not all(bpa.values()):
                add("S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", ci)
            acl = json.loads(s["AccessControlList"])
            acl_public = any(g["grantee"] in ("AllUsers", "AuthenticatedUsers") and g["permission"] in ("Read", "FullControl")
                             for g in acl["grantList"])
            pol = s["BucketPolicy"].get("policyText")
            if (acl_public and not bpa["ignorePublicAcls"]) or (
                    pol and _policy_public_read(pol) and not bpa["restrictPublicBuckets"]):
                add("S3_BUCKET_PUBLIC_READ_PROHIBITED", ci)
        elif t == "AWS::RDS::DBInstance":
            if c["publiclyAccessible"]:
                add("RDS_INSTANCE_PUBLIC_ACCESS_CHECK", ci)
            if not c["storageEncrypted"]:
                add("RDS_STORAGE_ENCRYPTED", ci)
        elif t == "AWS::IAM::Policy":
            doc = [v for v in c["policyVersionList"] if v["isDefaultVersion"]][0]["document"]
            for st in json.loads(urllib.parse.unquote(doc))["Statement"]:
                acts = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
                res = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
                if st["Effect"] == "Allow" and "*" in acts and "*" in res:
                    add("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", ci)
        elif t == "AWS::EC2::Instance":
            if c["state"]["name"] == "stopped":
                reason = c["stateTransitionReason"]
                since = T(reason[reason.index("(") + 1:reason.index(" GMT")].replace(" ", "T") + "Z")
                if (eval_time - since).days > 30:
                    add("EC2_STOPPED_INSTANCE", ci)
        elif t == "AWS::EC2::EIP":
            if "associationId" not in c:
                add("EIP_ATTACHED", ci)
        elif t == "AWS::KMS::Key":
            if c["keyManager"] == "CUSTOMER" and s.get("KeyRotationStatus") is False:
                add("CMK_BACKING_KEY_ROTATION_ENABLED", ci)
        elif t in ("AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"):
            inline = c.get("userPolicyList") or c.get("rolePolicyList") or c.get("groupPolicyList")
            if inline:
                add("IAM_NO_INLINE_POLICY_CHECK", ci)
    return found


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------

def gz(data):
    """gzip with a fixed header (mtime 0, XFL 2, OS 255) so every Python version writes the same bytes.

    gzip.compress(data, mtime=0) alone is not enough: 3.11+ lets zlib write the header (OS byte 3), older
    versions write OS byte 255.
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    return (b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x02\xff" + body
            + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF))


def write(path, data):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def config_prefix(acct, region, t):
    # AWS Config does not pad month and day: .../2026/3/9/...
    return os.path.join("AWSLogs", acct, "Config", region, str(t.year), str(t.month), str(t.day))


def plan():
    """Everything to write, as (relative path, payload object or bytes) plus facts for the README."""
    worlds, versions = timeline()
    files = []
    snapshots = []
    for acct in (PROD, DEV):
        for region in REGIONS:
            for day in SNAPSHOT_DAYS:
                t = snapshot_time(acct, region, day)
                sid = uuid("snapshot", acct, region, day)
                items = state_at(versions, acct, region, t)
                name = f"{acct}_Config_{region}_ConfigSnapshot_{t:%Y%m%dT%H%M%SZ}_{sid}.json.gz"
                path = os.path.join(config_prefix(acct, region, t), "ConfigSnapshot", name)
                doc = {"fileVersion": "1.0", "configSnapshotId": sid, "configurationItems": items}
                files.append((path, doc))
                snapshots.append((acct, region, day, t, path, items))
    history = {}
    for key, vs in versions.items():
        for v in vs:
            if v.event is None:
                continue
            window = v.capture.replace(hour=v.capture.hour - v.capture.hour % 6, minute=0, second=0, microsecond=0)
            history.setdefault((key[0], file_region(key), key[2], window), []).append(v)
    histories = []
    for (acct, region, rtype, window), vs in sorted(history.items()):
        vs.sort(key=lambda v: v.capture)
        start, end = vs[0].capture, vs[-1].capture
        name = f"{acct}_Config_{region}_ConfigHistory_{rtype}_{start:%Y%m%dT%H%M%SZ}_{end:%Y%m%dT%H%M%SZ}_1.json.gz"
        path = os.path.join(config_prefix(acct, region, end), "ConfigHistory", name)
        files.append((path, {"fileVersion": "1.0", "configurationItems": [v.ci for v in vs]}))
        histories.append((path, vs))
    files.append((os.path.join("AWSLogs", PROD, "Config", "ConfigWritabilityCheckFile"), b""))
    recs = cloudtrail_records(worlds)
    trails = cloudtrail_files(recs)
    files.extend(trails)
    notes = notifications(versions)
    for path, env, _v, _prev in notes:
        files.append((path, env))
    return {"worlds": worlds, "versions": versions, "files": files, "snapshots": snapshots,
            "histories": histories, "trails": trails, "notifications": notes, "records": recs}


def encode(path, payload):
    if isinstance(payload, bytes):
        return payload
    if path.endswith(".json.gz"):
        # real objects are one compact line with no trailing newline
        return gz(compact(payload).encode())
    return (json.dumps(payload, indent=2) + "\n").encode()


def generate():
    p = plan()
    for sub in ("AWSLogs", "notifications"):
        shutil.rmtree(os.path.join(HERE, sub), ignore_errors=True)
    for path, payload in p["files"]:
        write(path, encode(path, payload))
    write("README.md", readme(p).encode())
    total = sum(os.path.getsize(os.path.join(HERE, f)) for f, _ in p["files"])
    print(f"wrote {len(p['files'])} files ({total} bytes) + README.md under {HERE}")


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------

def _md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _who(rec):
    u = rec["userIdentity"]
    if u["type"] == "IAMUser":
        return f"IAMUser {u['userName']}" + (" (console)" if rec.get("sessionCredentialFromConsole") else "")
    if u["type"] == "AssumedRole":
        return f"AssumedRole {u['sessionContext']['sessionIssuer']['userName']}/{u['arn'].rsplit('/', 1)[1]}"
    return f"{u['type']} {u.get('userName', '')}"


def readme(p):
    latest = [s for s in p["snapshots"] if s[2] == SNAPSHOT_DAYS[-1]]
    L = []
    L.append("# Bundled sample AWS Config data\n")
    L.append("Synthetic AWS Config, CloudTrail and SNS data for two accounts, two Regions and three days, written by "
             "us in the exact shapes AWS delivers (see `shared/reference/aws-config-formats.md`). "
             "Nothing here is copied from a real account.\n")
    L.append("**This file and everything under `AWSLogs/` and `notifications/` are generated.** Edit `generate.py` "
             "and run:\n")
    L.append("```sh\npython3 snapshots/generate.py          # rewrite all files (byte-identical on every run)\n"
             "python3 snapshots/generate.py --check  # gunzip/parse every file, check relationships and the table below\n```\n")
    L.append("## Seeded problems\n")
    L.append("One row per (rule, resource) that is NON_COMPLIANT in the **latest state** (" + EVAL_TIME_NOTE +
             ") with AWS's default rule parameters. For every rule named in this table the list is **exhaustive**: "
             "all other resources of the rule's types are COMPLIANT or NOT_APPLICABLE. `region` is `global` for IAM. "
             "`generate.py --check` re-derives this table from the data.\n")
    L.append(_md_table(["rule", "resourceType", "resourceId", "account", "region", "problem"],
                       [(r, t, i, a, g, prob) for r, t, i, a, g, prob in seeded_problems()]) + "\n")
    L.append("Compliant counterparts (so the report is not all red): the prod trail (multi-Region, log file "
             "validation, KMS), private buckets with versioning, access logging, SSE-KMS and a TLS-only `Deny` "
             "policy with `Principal: \"*\"` (a `Deny`, not a public grant), encrypted root volumes, an encrypted "
             "Multi-AZ private PostgreSQL instance and an encrypted Aurora cluster, closed default security groups in "
             "the other three VPCs, SSH and MySQL limited to office CIDRs in dev, customer keys with rotation, an "
             "AWS-managed `aws/ebs` key (no `KeyRotationStatus`: NOT_APPLICABLE), an attached EIP, a VPC flow log, "
             "GuardDuty in prod.\n")
    L.append("Edge cases on purpose:\n")
    L.append(f"* `prod-batch-1` (`{P_I['prod-batch-1']}`) was stopped on 2026-03-10 14:22 UTC. At the latest "
             "snapshot it has been stopped for less than a day, so EC2_STOPPED_INSTANCE (AllowedDays 30) is "
             "COMPLIANT for it; with the history files the rule can see the stop time, without them "
             "`stateTransitionReason` still says `User initiated (2026-03-10 14:22:05 GMT)`.\n"
             "* The day-1 snapshot still shows `prod-web-sg` without port 22, `prod-app-uploads` versioned, no "
             "`prod-web-1-data` volume and no inline policy on `dev-ci-deployer`: diffing day 1 and day 3 shows "
             "every change.\n"
             f"* `dev-public-website` is public through both the ACL (`\"grantee\":\"AllUsers\"`) and the policy; "
             "the dev account's `AWS::S3::AccountPublicAccessBlock` has all four flags false, so nothing blocks it.\n")
    L.append("Other rules will also report findings that are *not* in the table (the table is exhaustive only for "
             "the rules it names), for example: S3_BUCKET_SSL_REQUESTS_ONLY (dev buckets have no TLS-only "
             "statement), S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS (dev), VPC_FLOW_LOGS_ENABLED (every VPC except "
             "prod-vpc), NACL_NO_UNRESTRICTED_SSH_RDP (default NACLs allow all), MULTI_REGION_CLOUD_TRAIL_ENABLED "
             "(dev), GUARDDUTY_ENABLED_CENTRALIZED (dev), IAM_USER_GROUP_MEMBERSHIP_CHECK (dev-ci-deployer), "
             "RDS_MULTI_AZ_SUPPORT (dev-analytics-db, prod-eu-reporting-1), ELB_LOGGING_ENABLED (dev-web-clb), "
             "and so on. Those are not engineered; treat them as whatever the rules say.\n")

    L.append("## What it holds\n")
    rec_rows = []
    for acct in (PROD, DEV):
        for region in REGIONS:
            r = p["worlds"][-1].res[(acct, region, "AWS::Config::ConfigurationRecorder", "default")].config
            g = r["RecordingGroup"]
            what = "all supported types" if g["AllSupported"] else "only: " + ", ".join(
                x.split("::", 1)[1] for x in g["ResourceTypes"])
            rec_rows.append((acct, ACCOUNT_LABEL[acct], region, what,
                             "yes (IAM items, `awsRegion: global`)" if g["IncludeGlobalResourceTypes"] else "no"))
    L.append(_md_table(["account", "name", "region", "recorder records", "global types"], rec_rows) + "\n")
    L.append("The recorder settings come from each Region's `AWS::Config::ConfigurationRecorder` item (resourceId "
             "`default`, PascalCase `RecordingGroup` as in real 2026 data). The dev eu-west-1 recorder records a "
             "type list without `AWS::EC2::NetworkAcl`, so its subnet and VPC name a NACL "
             f"(`{DE_ACL}`) that has no item: that is the one **deliberate dangling relationship**. "
             "IAM items (global) are recorded once per account, in the us-east-1 files.\n")
    L.append("Dates: snapshots on " + ", ".join(SNAPSHOT_DAYS) + " (one per account and Region per day, "
             "about 05:12 UTC for prod and 05:31 UTC for dev). The changes happen between the snapshots, on "
             "2026-03-09 and 2026-03-10.\n")
    L.append("### Files by kind\n")
    kinds = [
        ("ConfigSnapshot", len(p["snapshots"]), "`AWSLogs/<acct>/Config/<region>/<y>/<m>/<d>/ConfigSnapshot/`, "
         "`{fileVersion, configSnapshotId, configurationItems}`; month/day not zero-padded"),
        ("ConfigHistory", len(p["histories"]), "`.../ConfigHistory/<acct>_Config_<region>_ConfigHistory_<type>_<firstZ>_<lastZ>_1.json.gz`, "
         "`{fileVersion, configurationItems}`; one file per type per 6-hour window with changes"),
        ("ConfigWritabilityCheckFile", 1, "empty object Config writes to test the bucket (exact key unverified); loaders skip it"),
        ("CloudTrail log", len(p["trails"]), "`AWSLogs/<acct>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/` (CloudTrail **does** "
         "pad month/day), `{\"Records\": [...]}`, grouped per 5 minutes"),
        ("SNS change notification", len(p["notifications"]), "`notifications/*.json`: SNS envelope; `Message` is a JSON "
         "string holding the ConfigurationItemChangeNotification (explicit nulls, 2019-22 style)"),
    ]
    L.append(_md_table(["kind", "files", "layout"], kinds) + "\n")
    L.append("<details><summary>All files</summary>\n")
    L.append("```")
    for path, _ in sorted(p["files"]):
        L.append(path)
    L.append("```\n</details>\n")

    L.append("### Resources by type (latest snapshots, 2026-03-11)\n")
    cols = [(a, r) for a in (PROD, DEV) for r in REGIONS]
    counts = {}
    for acct, region, _day, _t, _path, items in latest:
        for ci in items:
            counts.setdefault(ci["resourceType"], {}).setdefault((acct, region), 0)
            counts[ci["resourceType"]][(acct, region)] += 1
    rows = []
    for t in sorted(counts):
        vals = [counts[t].get(c, 0) for c in cols]
        rows.append([f"`{t}`"] + [v or "" for v in vals] + [sum(vals)])
    totals = [sum(counts[t].get(c, 0) for t in counts) for c in cols]
    rows.append(["**total**"] + totals + [sum(totals)])
    L.append(_md_table(["resourceType"] + [f"{ACCOUNT_LABEL[a]} {r}" for a, r in cols] + ["all"], rows) + "\n")
    L.append(f"{len(counts)} resource types, {sum(totals)} resources in the latest state "
             f"({len(p['versions'])} distinct resources over the three days; the deleted bucket only appears in the "
             "first snapshot and in history).\n")

    L.append("## Timeline (what changed, when, who)\n")
    L.append("Times are UTC. \"Config items\" are the new configuration items (capture time, status) found in the "
             "ConfigHistory files; the snapshot column says which daily snapshot first shows the change.\n")
    story = {
        "dev_bucket_deleted": "DeleteBucket `dev-tmp-export-444455556666` (a first attempt at 11:02:18 failed with "
                              "`BucketNotEmpty`)",
        "prod_ssh_opened": "AuthorizeSecurityGroupIngress on `prod-web-sg`: tcp/22 from 0.0.0.0/0",
        "prod_versioning_off": "PutBucketVersioning `Suspended` on `prod-app-uploads-111122223333`",
        "dev_inline_policy": "PutUserPolicy `ci-deploy-inline` on user `dev-ci-deployer`",
        "prod_volume_created": "CreateVolume 100 GiB gp3, `encrypted: false`",
        "prod_volume_attached": "AttachVolume to `prod-web-1` as /dev/sdf",
        "prod_batch_stopping": "StopInstances `prod-batch-1` (Config records `stopping`...)",
        "prod_batch_stopped": "(no API call) ...then `stopped`",
        "dev_lambda_deleted": "DeleteFunction `dev-report-generator` (python3.9, x86_64)",
        "dev_lambda_created": "CreateFunction `dev-report-generator` again (python3.12, arm64): same resourceId, "
                              "new `configurationStateId`, status ResourceDiscovered (a new lifetime)",
    }
    by_event = {}
    for key, vs in p["versions"].items():
        for v in vs:
            if v.event:
                by_event.setdefault(v.event, []).append(v)
    api_by_time = {}
    for rec in p["records"]:
        if not rec["readOnly"] and "errorCode" not in rec:
            api_by_time[rec["eventTime"]] = rec
    rows = []
    for eid, acct, region, etime in EVENTS:
        rec = api_by_time.get(iso_s(etime))
        who = _who(rec) if rec else "-"
        items = "; ".join(f"{v.key[2].split('::')[-1]} `{v.key[3]}` {iso_ms(v.capture)[11:23]} {v.status}"
                          for v in sorted(by_event[eid], key=lambda v: v.capture))
        snap = next(d for d in SNAPSHOT_DAYS if snapshot_time(acct, region, d) > etime)
        note = next((os.path.basename(n[0]) for n in p["notifications"] if n[2].event == eid), "")
        rows.append((iso_s(etime).replace("T", " ").rstrip("Z"), f"{ACCOUNT_LABEL[acct]} {region}", who,
                     story[eid], items, snap, f"`{note}`" if note else ""))
    L.append(_md_table(["time", "where", "who (CloudTrail)", "what", "Config items", "first snapshot",
                        "SNS notification"], rows) + "\n")
    L.append("Read-only CloudTrail events around the changes: DescribeSecurityGroups (bob.ops), GetBucketVersioning "
             "(alice.admin, S3 console), DescribeVolumes, DescribeInstances (alice.admin, EC2 console, and "
             "`AWSServiceRoleForConfig` invoked by `config.amazonaws.com`), DescribeDBClusters in eu-west-1, "
             "AssumeRoleWithWebIdentity (GitHub Actions OIDC into `dev-deploy-role`) and ListFunctions. "
             "The session's `ASIA...` key from AssumeRoleWithWebIdentity is the `accessKeyId` of the Lambda calls. "
             "CloudTrail `resources[]` appears only where AWS puts it (S3 and STS events); EC2, IAM and Lambda "
             "events name the resource in `requestParameters`/`responseElements`.\n")

    L.append("## Resource index (latest state)\n")
    L.append("<details><summary>Every resource of the 2026-03-11 snapshots with its name</summary>\n")
    idx = []
    for acct, region, _day, _t, _path, items in latest:
        for ci in items:
            name = ci.get("resourceName") or ci["tags"].get("Name") or ""
            idx.append((ACCOUNT_LABEL[acct], ci["awsRegion"], ci["resourceType"], ci["resourceId"], name))
    L.append(_md_table(["account", "awsRegion", "resourceType", "resourceId", "name"], sorted(idx)) + "\n")
    L.append("</details>\n")
    L.append("## Real-data quirks reproduced\n")
    L.append("\n".join([
        "* S3 naming (`awsAccountId`, `ARN`, `configurationItemVersion: \"1.3\"`, `configurationStateMd5Hash: \"\"`, "
        "`relatedEvents: []`, relationship key `name`); `configurationStateId` = capture time in epoch ms.",
        "* Absent values are omitted in snapshot/history items (no `resourceName` on instances/VPCs/volumes, no `ARN` "
        "on the recorder and `AccountPublicAccessBlock`, no `resourceCreationTime` on many types); the SNS "
        "notifications use explicit `null` instead.",
        "* Snapshot items are not sorted and keep their old capture times (a snapshot is the latest item per "
        "resource, not a capture at delivery time); deletions show up only as absence in snapshots and as "
        "`ResourceDeleted` items (configuration null, relationships [], tags {}, supplementaryConfiguration {}) "
        "in history and notifications.",
        "* IAM: `awsRegion: \"global\"`, resourceId = unique id (AIDA/AROA/ANPA/AGPA), name in `resourceName`, "
        "URL-encoded policy documents (some compact, some pretty-printed with `%0A%20`).",
        "* S3: `AccessControlList` is a JSON string with bare-string grantee `\"AllUsers\"`; `BucketPolicy` is "
        "`{policyText: \"<json>\"}` or `{}`; `BucketLoggingConfiguration` `{}` when off; versioning "
        "`Off`/`Enabled`/`Suspended`.",
        "* KMS `creationDate` epoch ms, `awsaccountId` (sic), `KeyRotationStatus` boolean (absent on the AWS-managed "
        "key), pretty-printed `Policy` string, tags as `{tagKey, tagValue}`.",
        "* EC2: instance `state` is `{code, name}`, volume `state` is a string; security groups carry both "
        "`ipRanges` strings and `ipv4Ranges`/`ipv6Ranges`; ENI tags in `tagSet`; EIP `resourceName` = public IP.",
        "* Relationships on both ends for EC2 networking (instance/ENI/subnet/VPC/SG/volume/EIP/NACL/route table/IGW); "
        "service side only for ALB, classic ELB, Lambda, RDS and ASG; truncated verbs with a trailing space "
        "(`\"Is associated with \"`, `\"Contains \"`) on Lambda, classic ELB, ASG and DBCluster; Lambda → role and "
        "DBCluster → DBInstance/DBSubnetGroup by `resourceName` only.",
        "* RDS Java-bean casing (`dBInstanceIdentifier`, `iAMDatabaseAuthenticationEnabled`, `cACertificateIdentifier`), "
        "resourceId `db-...`/`cluster-...`; DBCluster lower-cased `dbclusterIdentifier`/`dbclusterMembers`.",
        "* Lambda `lastModified` with `+0000`; epoch-ms `createdTime` on ASG and classic ELB, `creationDateTime` on "
        "DynamoDB, `clusterCreateTime` on DBCluster, `creationTime` on the flow log.",
        "* PascalCase configuration for Listener, GuardDuty detector and ConfigurationRecorder.",
        "* Delete-and-recreate: `dev-report-generator` keeps its resourceId but gets a new lifetime "
        "(ResourceDeleted then ResourceDiscovered with a new `configurationStateId`).",
    ]) + "\n")
    return "\n".join(L)


# --------------------------------------------------------------------------
# --check
# --------------------------------------------------------------------------

def check():
    p = plan()
    errors = []
    on_disk = []
    for root, _dirs, names in os.walk(HERE):
        for n in names:
            rel = os.path.relpath(os.path.join(root, n), HERE)
            if rel.startswith(("AWSLogs", "notifications")):
                on_disk.append(rel)
    expected = {path: encode(path, payload) for path, payload in p["files"]}
    if sorted(on_disk) != sorted(expected):
        errors.append(f"file set differs: extra {sorted(set(on_disk) - set(expected))}, "
                      f"missing {sorted(set(expected) - set(on_disk))}")
    total = 0
    parsed = {}
    for rel in sorted(on_disk):
        with open(os.path.join(HERE, rel), "rb") as f:
            raw = f.read()
        total += len(raw)
        if rel in expected and raw != expected[rel]:
            errors.append(f"{rel}: not what generate.py writes (rerun it)")
        if rel.endswith("ConfigWritabilityCheckFile"):
            if raw:
                errors.append(f"{rel}: should be empty")
            continue
        if rel.endswith(".gz"):
            if raw[:2] != b"\x1f\x8b":
                errors.append(f"{rel}: not gzip")
                continue
            raw = gzip.decompress(raw)
        try:
            parsed[rel] = json.loads(raw)
        except ValueError as e:
            errors.append(f"{rel}: {e}")
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        if f.read() != readme(p):
            errors.append("README.md is stale (rerun generate.py)")

    # snapshots: relationships resolve inside the same snapshot
    type_counts = {}
    dangling = set()
    for rel, doc in parsed.items():
        if "/ConfigSnapshot/" not in rel:
            continue
        assert set(doc) == {"fileVersion", "configSnapshotId", "configurationItems"}, rel
        ids = {(ci["resourceType"], ci["resourceId"]) for ci in doc["configurationItems"]}
        names = {(ci["resourceType"], ci.get("resourceName")) for ci in doc["configurationItems"]}
        seen = set()
        for ci in doc["configurationItems"]:
            k = (ci["resourceType"], ci["resourceId"])
            if k in seen:
                errors.append(f"{rel}: duplicate {k}")
            seen.add(k)
            if ci["configurationStateId"] != epoch_ms(T(ci["configurationItemCaptureTime"])):
                errors.append(f"{rel}: state id != capture time for {k}")
            if ci["configurationItemStatus"] not in ("OK", "ResourceDiscovered"):
                errors.append(f"{rel}: status {ci['configurationItemStatus']} in a snapshot")
            for r in ci["relationships"]:
                if "resourceId" in r:
                    ok = (r["resourceType"], r["resourceId"]) in ids
                else:
                    ok = (r["resourceType"], r["resourceName"]) in names
                if not ok:
                    dangling.add((ci["awsAccountId"], r["resourceType"], r.get("resourceId") or r.get("resourceName")))
        if SNAPSHOT_DAYS[-1].replace("-", "") in rel:
            for ci in doc["configurationItems"]:
                type_counts[ci["resourceType"]] = type_counts.get(ci["resourceType"], 0) + 1
    if dangling != {(DEV, "AWS::EC2::NetworkAcl", DE_ACL)}:
        errors.append(f"unexpected dangling relationships: {sorted(dangling)}")

    # inverse edges for EC2 networking
    for acct, region, day, t, path, items in p["snapshots"]:
        by = {(ci["resourceType"], ci["resourceId"]): ci for ci in items}
        for ci in items:
            if not ci["resourceType"].startswith("AWS::EC2::"):
                continue
            for r in ci["relationships"]:
                tgt = by.get((r["resourceType"], r.get("resourceId")))
                if tgt is None or not r["resourceType"].startswith("AWS::EC2::"):
                    continue
                back = [x for x in tgt["relationships"] if x.get("resourceId") == ci["resourceId"]]
                if not back:
                    errors.append(f"{path}: {ci['resourceId']} -> {tgt['resourceId']} has no inverse")

    # history: several items per resource over time, deletions with the right shape
    for rel, doc in parsed.items():
        if "/ConfigHistory/" in rel:
            assert set(doc) == {"fileVersion", "configurationItems"}, rel
            for ci in doc["configurationItems"]:
                if ci["configurationItemStatus"] == "ResourceDeleted":
                    if not (ci["configuration"] is None and ci["relationships"] == [] and ci["tags"] == {}
                            and ci["supplementaryConfiguration"] == {}):
                        errors.append(f"{rel}: bad ResourceDeleted item")

    # CloudTrail: every change event has its API call between the two Config versions
    for rel, doc in parsed.items():
        if "/CloudTrail/" in rel:
            for rec in doc["Records"]:
                for k in ("eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                          "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "readOnly",
                          "eventID", "recipientAccountId"):
                    if k not in rec:
                        errors.append(f"{rel}: record without {k}")
    for eid, _acct, _region, etime in EVENTS:
        for key, vs in p["versions"].items():
            for i, v in enumerate(vs):
                if v.event == eid and i > 0 and not (vs[i - 1].capture < etime < v.capture):
                    errors.append(f"{eid}: API call not between the two versions of {key}")

    # notifications: Message is a JSON string
    for rel, env in parsed.items():
        if rel.startswith("notifications"):
            msg = json.loads(env["Message"])
            if msg["messageType"] != "ConfigurationItemChangeNotification" or msg["recordVersion"] != "1.3":
                errors.append(f"{rel}: bad message")

    # the seeded-problem table is exactly what the rules find on the latest state
    latest_items = []
    eval_time = None
    for acct, region, day, t, path, items in p["snapshots"]:
        if day == SNAPSHOT_DAYS[-1]:
            latest_items += items
            eval_time = max(eval_time or t, t)
    found = rule_violations(latest_items, eval_time)
    table = {row[:5] for row in seeded_problems()}
    if found != table:
        errors.append(f"seeded table mismatch: only found {sorted(found - table)}, only in table {sorted(table - found)}")

    print(f"{len(on_disk)} files, {total} bytes on disk")
    print(f"latest state: {sum(type_counts.values())} items, {len(type_counts)} types")
    for t in sorted(type_counts):
        print(f"  {type_counts[t]:3d} {t}")
    print(f"dangling relationships (deliberate): {sorted(dangling)}")
    print(f"seeded problems: {len(table)} rows, all re-derived from the data" if found == table else "")
    if errors:
        print("ERRORS:")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    if sys.argv[1:]:
        sys.exit(__doc__)
    generate()
