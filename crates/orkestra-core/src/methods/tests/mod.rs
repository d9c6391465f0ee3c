mod codes;
mod markets;
mod payer;
mod rules;
