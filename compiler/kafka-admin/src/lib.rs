//! A small Kafka admin client for `weft topics plan|apply`: what a cluster
//! has ([`Client::describe`]), the difference with the wanted topics
//! ([`diff::diff`], pure), and the requests that close it
//! ([`Client::apply`]). Pure Rust over `std::net::TcpStream` and the
//! `kafka-protocol` crate; every connection, read and write has a bounded
//! timeout, so an unreachable or silent broker is an error, never a hang.

pub mod client;
pub mod diff;

pub use client::{AdminError, Client};
pub use diff::{diff, Change, ClusterTopic, Diff, Refusal, WantedTopic};
