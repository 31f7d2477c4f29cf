//! Prints the CRDs of the CloudNativePG kinds deploy/ uses (and their neighbours) as JSON documents.
use kube::core::CustomResourceExt;
use k8s_crds_cloud_native_pg as cnpg;

fn main() {
    let crds = [
        cnpg::Cluster::crd(),
        cnpg::Pooler::crd(),
        cnpg::Backup::crd(),
        cnpg::ScheduledBackup::crd(),
    ];
    for crd in crds {
        println!("---");
        println!("{}", serde_json::to_string_pretty(&crd).expect("a CRD serialises to JSON"));
    }
}
