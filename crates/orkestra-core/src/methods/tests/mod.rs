mod codes;
mod markets;
mod master_table;
mod payer;
mod rules;
