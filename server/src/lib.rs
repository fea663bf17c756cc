//! Mimamori's server: the JSON API, static hosting of both web apps and the command line.
//!
//! `main.rs` only parses the command line; everything else lives here so the integration tests
//! can start the real application in-process.

pub mod access;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod config_check;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod files;
pub mod keys;
pub mod limits;
pub mod metrics;
pub mod notify;
pub mod outbox;
pub mod routes;
pub mod scheduler;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod tls;
pub mod web;
